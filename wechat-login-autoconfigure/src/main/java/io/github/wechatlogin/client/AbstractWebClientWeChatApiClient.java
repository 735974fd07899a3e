package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.function.Function;

import io.github.wechatlogin.core.WeChatRegistration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The base of the {@link WebClient} implementations of the reactive WeChat API strategies, the
 * non-blocking twins of {@link AbstractRestClientWeChatApiClient}: the same requests, answers,
 * size limit, observation and failures (see {@link WeChatApiCalls}), carried by a
 * {@code WebClient}. Only this package extends it.
 *
 * @author wechat-login developers
 */
public abstract class AbstractWebClientWeChatApiClient extends AbstractWeChatApiClient {

	private final WebClientWeChatApiCaller caller;

	AbstractWebClientWeChatApiClient(WebClient webClient) {
		this.caller = new WebClientWeChatApiCaller(webClient, calls());
	}

	/**
	 * Set the longest wait for a complete answer (status line, headers and body), counted from
	 * when the call starts, on top of the connect and read timeouts of the {@code WebClient}'s
	 * connector. A call that times out may have reached WeChat, so its code is kept as possibly
	 * redeemed. Defaults to none (the connector's timeouts alone).
	 * @param responseTimeout the timeout, positive
	 */
	public final void setResponseTimeout(Duration responseTimeout) {
		this.caller.setResponseTimeout(responseTimeout);
	}

	final WebClientWeChatApiCaller caller() {
		return this.caller;
	}

	/**
	 * Make a call that takes the registration's access token, as
	 * {@link AbstractRestClientWeChatApiClient} does: when WeChat refuses the token (errcode
	 * 40001 or 42001), it is invalidated and the call is made once more with a fresh one; a
	 * failure to get a token, whatever the provider threw (or a provider that answered nothing),
	 * is {@link WeChatApiException.CodeOutcome#NOT_REDEEMED}.
	 * @param accessTokenProvider the provider of access tokens
	 * @param registration the registration whose token the call takes
	 * @param call the call, given the access token
	 * @return the last answer, whatever its errcode
	 */
	final Mono<JsonNode> callWithAccessToken(ReactiveWeChatApiAccessTokenProvider accessTokenProvider,
			WeChatRegistration registration, Function<String, Mono<JsonNode>> call) {
		return accessToken(accessTokenProvider, registration).flatMap((accessToken) -> call.apply(accessToken)
			.flatMap((answer) -> WeChatApiErrors.isAccessTokenRejected(WeChatApiCalls.errcode(answer))
					? accessTokenProvider.invalidate(registration, accessToken)
						.then(accessToken(accessTokenProvider, registration))
						.flatMap(call)
					: Mono.just(answer)));
	}

	private static Mono<String> accessToken(ReactiveWeChatApiAccessTokenProvider accessTokenProvider,
			WeChatRegistration registration) {
		return Mono.defer(() -> accessTokenProvider.getAccessToken(registration))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("The access token provider answered nothing")))
			.onErrorMap(WeChatApiErrors::accessTokenFailed);
	}

}
