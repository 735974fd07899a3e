package io.github.wechatlogin.authentication;

import io.github.wechatlogin.core.WeChatRegistration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.util.Assert;

/**
 * Claims each login code once, before WeChat is called, without blocking: the reactive twin of
 * {@link WeChatCodeGuard}, with the same contract (a replay answers {@code false}; a store that
 * cannot be reached answers an error, and the login a {@code 503}).
 *
 * @author wechat-login developers
 * @see #of(WeChatCodeGuard)
 */
public interface ReactiveWeChatCodeGuard {

	/**
	 * Claim a code.
	 * @param registration the registration the code is presented for
	 * @param code the code
	 * @return {@code true} if the code was not claimed before, {@code false} for a replay
	 */
	Mono<Boolean> claim(WeChatRegistration registration, String code);

	/**
	 * Give a claimed code back (see {@link WeChatCodeGuard#release}).
	 * @param registration the registration
	 * @param code the code
	 * @return completion
	 */
	Mono<Void> release(WeChatRegistration registration, String code);

	/**
	 * Adapt a {@link WeChatCodeGuard}. An {@link InMemoryWeChatCodeGuard} never blocks (one
	 * atomic map operation), so it is called on the subscriber's thread; any other guard (the
	 * Redis one waits for its server) is called on {@link Schedulers#boundedElastic()}, which
	 * keeps the event loop free at the cost of a thread hop per call. For Redis without the hop,
	 * see {@code io.github.wechatlogin.redis.ReactiveRedisWeChatCodeGuard}.
	 * @param guard the guard
	 * @return the reactive guard
	 */
	static ReactiveWeChatCodeGuard of(WeChatCodeGuard guard) {
		Assert.notNull(guard, "guard cannot be null");
		return (guard instanceof InMemoryWeChatCodeGuard) ? of(guard, Schedulers.immediate())
				: of(guard, Schedulers.boundedElastic());
	}

	/**
	 * Adapt a {@link WeChatCodeGuard} whose calls run on the given scheduler.
	 * @param guard the guard
	 * @param scheduler where its calls run
	 * @return the reactive guard
	 */
	static ReactiveWeChatCodeGuard of(WeChatCodeGuard guard, Scheduler scheduler) {
		Assert.notNull(guard, "guard cannot be null");
		Assert.notNull(scheduler, "scheduler cannot be null");
		return new ReactiveWeChatCodeGuard() {

			@Override
			public Mono<Boolean> claim(WeChatRegistration registration, String code) {
				return Mono.fromCallable(() -> guard.claim(registration, code)).subscribeOn(scheduler);
			}

			@Override
			public Mono<Void> release(WeChatRegistration registration, String code) {
				return Mono.<Void>fromRunnable(() -> guard.release(registration, code)).subscribeOn(scheduler);
			}

		};
	}

}
