package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

/**
 * A {@link WeChatApiAccessTokenClient} on the classic {@code GET /cgi-bin/token}. Every fetch
 * invalidates the app's previous token, so use it only when this server is the app's sole
 * token consumer; prefer {@link RestClientStableTokenClient}.
 *
 * @author wechat-login developers
 */
public final class RestClientClassicTokenClient extends AbstractRestClientWeChatApiAccessTokenClient {

	private static final String API = "cgi-bin/token";

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 */
	public RestClientClassicTokenClient(RestClient restClient) {
		super(restClient, API);
	}

	@Override
	JsonNode call(WeChatRegistration registration, boolean forceRefresh) {
		return caller().get(API, (uri) -> uri.path("/cgi-bin/token")
			.queryParam("grant_type", "client_credential")
			.queryParam("appid", "{appid}")
			.queryParam("secret", "{secret}")
			.build(registration.getAppId(), registration.getSecret()));
	}

}
