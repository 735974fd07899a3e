package io.github.wechatlogin.client;

import org.springframework.web.client.RestClient;

/**
 * A {@link WeChatApiAccessTokenClient} on {@code POST /cgi-bin/stable_token}, which answers the same
 * token until it nears expiry, so that several processes fetching it do not knock each other
 * out. The recommended endpoint.
 *
 * @author wechat-login developers
 * @see WebClientStableTokenClient
 */
public final class RestClientStableTokenClient extends AbstractRestClientWeChatApiAccessTokenClient {

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 */
	public RestClientStableTokenClient(RestClient restClient) {
		super(restClient, WeChatApiAccessTokenEndpoint.STABLE);
	}

}
