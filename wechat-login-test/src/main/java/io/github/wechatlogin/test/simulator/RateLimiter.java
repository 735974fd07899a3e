package io.github.wechatlogin.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A sliding-window rate limiter: at most {@code limit} hits per key within the window.
 *
 * @author wechat-login
 */
final class RateLimiter {

	private final int limit;

	private final Duration window;

	private final Map<String, Deque<Instant>> hits = new HashMap<>();

	RateLimiter(int limit, Duration window) {
		this.limit = limit;
		this.window = window;
	}

	/**
	 * Record a hit for the key unless the limit is reached.
	 * @param key the key
	 * @param now the current instant
	 * @return {@code true} if the hit was recorded, {@code false} if the limit is reached
	 */
	synchronized boolean tryAcquire(String key, Instant now) {
		Deque<Instant> recent = this.hits.computeIfAbsent(key, (k) -> new ArrayDeque<>());
		Instant windowStart = now.minus(this.window);
		while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
			recent.pollFirst();
		}
		if (recent.size() >= this.limit) {
			return false;
		}
		recent.addLast(now);
		return true;
	}

	/**
	 * Forget all hits.
	 */
	synchronized void clear() {
		this.hits.clear();
	}

}
