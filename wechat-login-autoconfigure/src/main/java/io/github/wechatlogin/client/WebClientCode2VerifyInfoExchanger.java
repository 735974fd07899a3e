package io.github.wechatlogin.client;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@link ReactiveWeChatCodeExchanger} for multi-terminal applications (多端应用): redeems a
 * code with {@code GET /donut/code2verifyinfo}, without blocking. The same request, answer and
 * single retry with a fresh access token (after errcode 40001 or 42001) as
 * {@link RestClientCode2VerifyInfoExchanger}.
 *
 * @author wechat-login developers
 */
public final class WebClientCode2VerifyInfoExchanger extends AbstractWebClientWeChatApiClient
		implements ReactiveWeChatCodeExchanger {

	private final ReactiveWeChatApiAccessTokenProvider accessTokenProvider;

	/**
	 * Create a new instance.
	 * @param webClient the client, with the WeChat API base URL and timeouts set
	 * @param accessTokenProvider the provider of access tokens
	 */
	public WebClientCode2VerifyInfoExchanger(WebClient webClient,
			ReactiveWeChatApiAccessTokenProvider accessTokenProvider) {
		super(webClient);
		Assert.notNull(accessTokenProvider, "accessTokenProvider cannot be null");
		this.accessTokenProvider = accessTokenProvider;
	}

	@Override
	public Mono<WeChatIdentity> exchange(WeChatCodeExchangeRequest request) {
		return callWithAccessToken(this.accessTokenProvider, request.registration(),
				(accessToken) -> caller().execute(Code2VerifyInfoApi.request(request, accessToken)))
			.map((answer) -> Code2VerifyInfoApi.identity(request.registration(), answer));
	}

}
