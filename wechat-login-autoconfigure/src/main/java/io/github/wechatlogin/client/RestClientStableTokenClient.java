package io.github.wechatlogin.client;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

/**
 * A {@link WeChatApiAccessTokenClient} on {@code POST /cgi-bin/stable_token}, which answers the same
 * token until it nears expiry, so that several processes fetching it do not knock each other
 * out. The recommended endpoint.
 *
 * @author wechat-login developers
 */
public final class RestClientStableTokenClient extends AbstractRestClientWeChatApiAccessTokenClient {

	private static final String API = "cgi-bin/stable_token";

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 */
	public RestClientStableTokenClient(RestClient restClient) {
		super(restClient, API);
	}

	@Override
	JsonNode call(WeChatRegistration registration, boolean forceRefresh) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("grant_type", "client_credential");
		body.put("appid", registration.getAppId());
		body.put("secret", registration.getSecret());
		body.put("force_refresh", forceRefresh);
		return caller().postJson(API, (uri) -> uri.path("/cgi-bin/stable_token").build(), body);
	}

}
