package io.github.wechatlogin.web.server;

import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.WeChatLoginSuccessHandler;
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

	private Scheduler scheduler = Schedulers.immediate();

	/**
	 * Create a new instance.
	 * @param tokenService the service that issues the tokens
	 */
	public WeChatServerLoginSuccessHandler(WeChatTokenService tokenService) {
		Assert.notNull(tokenService, "tokenService cannot be null");
		this.tokenService = tokenService;
	}

	/**
	 * Set where the token service is called. Defaults to {@link Schedulers#immediate()}, the
	 * caller's thread, right for the token service with in-memory stores (CPU only); a token
	 * service whose stores block (Redis) needs {@link Schedulers#boundedElastic()}.
	 * @param scheduler the scheduler
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

	@Override
	public Mono<Void> onAuthenticationSuccess(WebFilterExchange webFilterExchange, Authentication authentication) {
		return Mono.fromSupplier(() -> WeChatLoginSuccessHandler.answer(this.tokenService, authentication))
			.subscribeOn(this.scheduler)
			.flatMap((answer) -> ServerAnswers.write(webFilterExchange.getExchange(), answer));
	}

}
