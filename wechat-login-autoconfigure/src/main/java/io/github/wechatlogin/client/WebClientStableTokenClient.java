package io.github.wechatlogin.client;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link ReactiveWeChatApiAccessTokenClient} on {@code POST /cgi-bin/stable_token}: the
 * non-blocking twin of {@link RestClientStableTokenClient}, and the recommended endpoint.
 *
 * @author wechat-login developers
 */
public final class WebClientStableTokenClient extends AbstractWebClientWeChatApiAccessTokenClient {

	/**
	 * Create a new instance.
	 * @param webClient the client, with the WeChat API base URL and timeouts set
	 */
	public WebClientStableTokenClient(WebClient webClient) {
		super(webClient, WeChatApiAccessTokenEndpoint.STABLE);
	}

}
