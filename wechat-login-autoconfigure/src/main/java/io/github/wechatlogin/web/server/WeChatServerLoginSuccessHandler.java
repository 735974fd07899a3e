package io.github.wechatlogin.web.server;

import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.WeChatEndpointAnswers;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.util.Assert;

/**
 * Answers a successful WeChat login on WebFlux exactly as the servlet
 * {@link WeChatLoginSuccessHandler} does: {@code 200} with the issued tokens as JSON, or
 * {@code 503 upstream_unavailable} when the token stores cannot record them.
 *
 * @author wechat-login developers
 */
public final class WeChatServerLoginSuccessHandler implements ServerAuthenticationSuccessHandler {

	private final WeChatTokenService tokenService;

	private final Scheduler scheduler;

	/**
	 * Create a handler that calls the token service on the caller's thread, right for the token
	 * service with in-memory stores (CPU only).
	 * @param tokenService the service that issues the tokens
	 */
	public WeChatServerLoginSuccessHandler(WeChatTokenService tokenService) {
		this(tokenService, Schedulers.immediate());
	}

	/**
	 * Create a handler that calls the token service on the given scheduler: a token service
	 * whose stores block (Redis) needs {@link Schedulers#boundedElastic()}.
	 * @param tokenService the service that issues the tokens
	 * @param scheduler where the token service is called
	 */
	public WeChatServerLoginSuccessHandler(WeChatTokenService tokenService, Scheduler scheduler) {
		Assert.notNull(tokenService, "tokenService cannot be null");
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.tokenService = tokenService;
		this.scheduler = scheduler;
	}

	@Override
	public Mono<Void> onAuthenticationSuccess(WebFilterExchange webFilterExchange, Authentication authentication) {
		return Mono.fromSupplier(() -> WeChatEndpointAnswers.loginSuccess(this.tokenService, authentication))
			.subscribeOn(this.scheduler)
			.flatMap((answer) -> ServerAnswers.write(webFilterExchange.getExchange(), answer));
	}

}
