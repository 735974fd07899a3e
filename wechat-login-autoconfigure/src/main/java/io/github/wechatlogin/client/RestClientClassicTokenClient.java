package io.github.wechatlogin.client;

import org.springframework.web.client.RestClient;

/**
 * A {@link WeChatApiAccessTokenClient} on the classic {@code GET /cgi-bin/token}. Every fetch
 * invalidates the app's previous token, so use it only when this server is the app's sole
 * token consumer; prefer {@link RestClientStableTokenClient}.
 *
 * @author wechat-login developers
 * @see WebClientClassicTokenClient
 */
public final class RestClientClassicTokenClient extends AbstractRestClientWeChatApiAccessTokenClient {

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 */
	public RestClientClassicTokenClient(RestClient restClient) {
		super(restClient, WeChatApiAccessTokenEndpoint.CLASSIC);
	}

}
