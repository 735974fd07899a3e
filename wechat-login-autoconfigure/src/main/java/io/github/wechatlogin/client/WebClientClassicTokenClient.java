package io.github.wechatlogin.client;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link ReactiveWeChatApiAccessTokenClient} on the classic {@code GET /cgi-bin/token}: the
 * non-blocking twin of {@link RestClientClassicTokenClient}. Every fetch invalidates the app's
 * previous token; prefer {@link WebClientStableTokenClient}.
 *
 * @author wechat-login developers
 */
public final class WebClientClassicTokenClient extends AbstractWebClientWeChatApiAccessTokenClient {

	/**
	 * Create a new instance.
	 * @param webClient the client, with the WeChat API base URL and timeouts set
	 */
	public WebClientClassicTokenClient(WebClient webClient) {
		super(webClient, WeChatApiAccessTokenEndpoint.CLASSIC);
	}

}
