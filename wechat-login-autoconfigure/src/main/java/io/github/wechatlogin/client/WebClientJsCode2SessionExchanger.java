package io.github.wechatlogin.client;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@link ReactiveWeChatCodeExchanger} for classic mini programs: redeems a {@code wx.login}
 * code with {@code GET /sns/jscode2session}, without blocking. The same request and answer as
 * {@link RestClientJsCode2SessionExchanger}.
 * <p>
 * The {@link WebClient} must have the WeChat API base URL and the connector's timeouts set.
 * Every parameter is URL-encoded; the call is never retried.
 *
 * @author wechat-login developers
 */
public final class WebClientJsCode2SessionExchanger extends AbstractWebClientWeChatApiClient
		implements ReactiveWeChatCodeExchanger {

	/**
	 * Create a new instance.
	 * @param webClient the client, with the WeChat API base URL and timeouts set
	 */
	public WebClientJsCode2SessionExchanger(WebClient webClient) {
		super(webClient);
	}

	@Override
	public Mono<WeChatIdentity> exchange(WeChatCodeExchangeRequest request) {
		return caller().execute(JsCode2SessionApi.request(request))
			.map((answer) -> JsCode2SessionApi.identity(request.registration(), answer));
	}

}
