package io.github.wechatlogin.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs Redis calls and fails fast while Redis is down: after a failure, calls fail at once for a
 * short while instead of each waiting for the client's timeout, so that no thread piles up on a
 * dead Redis; then one call probes again. Failures become {@link WeChatTokenStoreException}s.
 *
 * @author wechat-login developers
 */
final class RedisGate {

	private static final Log logger = LogFactory.getLog(RedisGate.class);

	private final Duration openFor;

	private final Clock clock;

	private volatile Instant openUntil = Instant.MIN;

	RedisGate(Duration openFor, Clock clock) {
		this.openFor = openFor;
		this.clock = clock;
	}

	<T> T call(String operation, Supplier<T> call) {
		Instant now = enter(operation);
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			throw failed(operation, now, ex);
		}
	}

	/**
	 * Refuse a call at once while failing fast; the reactive stores call this when subscribed.
	 * @param operation the operation, for the message
	 * @return the instant the call starts at, for {@link #failed}
	 */
	Instant enter(String operation) {
		Instant now = this.clock.instant();
		if (now.isBefore(this.openUntil)) {
			throw new WeChatTokenStoreException("Redis is unavailable; " + operation + " not attempted");
		}
		return now;
	}

	/**
	 * Record that a call failed: fail fast from now on for a while.
	 * @param operation the operation, for the message
	 * @param startedAt when the call started ({@link #enter})
	 * @param ex the failure
	 * @return the exception to answer
	 */
	WeChatTokenStoreException failed(String operation, Instant startedAt, Throwable ex) {
		if (!startedAt.isBefore(this.openUntil)) {
			logger.warn("Redis failed during " + operation + " (" + ex.getClass().getSimpleName()
					+ "); failing fast for " + this.openFor.toMillis() + " ms");
		}
		this.openUntil = this.clock.instant().plus(this.openFor);
		return new WeChatTokenStoreException("Redis is unavailable during " + operation, ex);
	}

	void run(String operation, Runnable call) {
		call(operation, () -> {
			call.run();
			return null;
		});
	}

}
