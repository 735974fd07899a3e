package io.github.wechatlogin.core;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.util.Assert;

/**
 * A Caffeine {@link Ticker} that reads a {@link Clock}: nanoseconds since the epoch, so that an
 * entry's expiry can be computed from an {@link Instant} and a test clock controls expiry. Used
 * by the in-memory stores of this library; not meant for applications.
 *
 * @author wechat-login developers
 */
public final class ClockTicker implements Ticker {

	private final Clock clock;

	/**
	 * Create a ticker.
	 * @param clock the clock to read
	 */
	public ClockTicker(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public long read() {
		return nanos(this.clock.instant());
	}

	/**
	 * Return the nanoseconds from a reading of this ticker until an instant, for a Caffeine
	 * {@code Expiry} whose entries expire at an instant of their own.
	 * @param instant the instant
	 * @param currentTime a reading of this ticker
	 * @return the nanoseconds left, {@code 0} if the instant has passed
	 */
	public static long nanosUntil(Instant instant, long currentTime) {
		long expiresAt = nanos(instant);
		if (expiresAt <= currentTime) {
			return 0;
		}
		long left = expiresAt - currentTime;
		return (left > 0) ? left : Long.MAX_VALUE;
	}

	/**
	 * Return the nanoseconds from the epoch to an instant, saturated to the range of a
	 * {@code long} (about the years 1677 to 2262).
	 * @param instant the instant
	 * @return the nanoseconds
	 */
	public static long nanos(Instant instant) {
		try {
			return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
		}
		catch (ArithmeticException ex) {
			return (instant.getEpochSecond() < 0) ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

}
