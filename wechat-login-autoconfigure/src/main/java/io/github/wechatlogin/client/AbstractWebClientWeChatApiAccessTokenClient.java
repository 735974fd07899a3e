package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The base of the {@link WebClient} implementations of
 * {@link ReactiveWeChatApiAccessTokenClient}: they differ only in the endpoint they call. Only
 * this package extends it.
 *
 * @author wechat-login developers
 */
public abstract class AbstractWebClientWeChatApiAccessTokenClient extends AbstractWebClientWeChatApiClient
		implements ReactiveWeChatApiAccessTokenClient {

	private final WeChatApiAccessTokenEndpoint endpoint;

	/**
	 * Create a client of the given endpoint.
	 */
	AbstractWebClientWeChatApiAccessTokenClient(WebClient webClient, WeChatApiAccessTokenEndpoint endpoint) {
		super(webClient);
		Assert.notNull(endpoint, "endpoint cannot be null");
		this.endpoint = endpoint;
	}

	/**
	 * Fetch the token with one call, never retried; the answer is read as on the servlet stack.
	 */
	@Override
	public final Mono<WeChatApiAccessToken> fetch(WeChatRegistration registration, boolean forceRefresh) {
		return caller().execute(this.endpoint.request(registration, forceRefresh))
			.map((answer) -> this.endpoint.read(registration, answer, clock()));
	}

}
