package io.github.wechatlogin.web.server;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The base of the {@code WebFilter}s that answer one endpoint (refresh, logout), the reactive
 * counterpart of the servlet {@code WeChatEndpointFilter}: a request the matcher does not match
 * goes on down the chain untouched; a matching one is handled, its blocking parts on the
 * filter's {@link Scheduler}. Only this package extends it.
 *
 * @author wechat-login developers
 */
public abstract class WeChatEndpointWebFilter implements WebFilter {

	private final ServerWebExchangeMatcher requestMatcher;

	private Scheduler scheduler;

	WeChatEndpointWebFilter(ServerWebExchangeMatcher requestMatcher, Scheduler scheduler) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		this.requestMatcher = requestMatcher;
		this.scheduler = scheduler;
	}

	/**
	 * Set where the endpoint's token service calls run: {@link Schedulers#immediate()} for the
	 * in-memory stores (CPU only), {@link Schedulers#boundedElastic()} for stores or user
	 * services that block (Redis, a database).
	 * @param scheduler the scheduler
	 */
	public final void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

	final Scheduler getScheduler() {
		return this.scheduler;
	}

	@Override
	public final Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return this.requestMatcher.matches(exchange)
			.flatMap((match) -> match.isMatch() ? handle(exchange, chain) : chain.filter(exchange));
	}

	/**
	 * Handle a request of the endpoint.
	 * @param exchange the exchange
	 * @param chain the rest of the chain, for a request the endpoint leaves to others
	 * @return the completion of the answer
	 */
	abstract Mono<Void> handle(ServerWebExchange exchange, WebFilterChain chain);

}
