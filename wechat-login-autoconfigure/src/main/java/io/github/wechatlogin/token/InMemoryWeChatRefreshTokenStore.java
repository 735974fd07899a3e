package io.github.wechatlogin.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.wechatlogin.core.ClockTicker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * A {@link WeChatRefreshTokenStore} in memory, for a single instance: two Caffeine caches by
 * token hash, one of live refresh tokens (each expiring at the token's expiry) and one of used
 * ones, remembered {@link #setUsedTokenRetention(Duration) 24 hours} at most, long enough to
 * recognize a reuse. A consumption moves the token from the first to the second inside one
 * atomic {@code computeIfPresent}, so that of concurrent consumptions exactly one succeeds and
 * the others are recognized as reuse; expiry and eviction cost O(1) per write.
 * <p>
 * Each cache is bounded by {@code maxEntries}, so used tokens never crowd out live ones (a
 * client that refreshes every 2 hours has one live token and about 12 used in the last 24
 * hours). When a cache is full, Caffeine drops an entry to make room, chosen by its W-TinyLFU
 * policy (frequency and recency), not the one that expires soonest: it may be a token issued a
 * moment ago. That is safe: a dropped refresh token is refused, never accepted, and its session
 * must log in again; a dropped used token is no longer recognized as a reuse, only refused.
 * Drops are logged at WARN, at most once a minute.
 *
 * @author wechat-login developers
 */
public final class InMemoryWeChatRefreshTokenStore implements WeChatRefreshTokenStore {

	/**
	 * The default bound.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private static final Log logger = LogFactory.getLog(InMemoryWeChatRefreshTokenStore.class);

	private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Cache<String, WeChatRefreshToken> tokens;

	private final Cache<String, Used> used;

	private final int maxEntries;

	private final Ticker ticker;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);

	private volatile Duration usedTokenRetention = Duration.ofHours(24);

	/**
	 * Create a store with the default bound and the system clock.
	 */
	public InMemoryWeChatRefreshTokenStore() {
		this(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param maxEntries the most live tokens held, and the most used ones
	 * @param clock the clock that decides when an entry expires
	 */
	public InMemoryWeChatRefreshTokenStore(int maxEntries, Clock clock) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.maxEntries = maxEntries;
		this.ticker = new ClockTicker(clock);
		this.tokens = cache(maxEntries, new TokenExpiry<>(WeChatRefreshToken::expiresAt), "live");
		this.used = cache(maxEntries, new TokenExpiry<>(Used::forgetAt), "used");
	}

	private <V> Cache<String, V> cache(int maxEntries, Expiry<String, V> expiry, String kind) {
		return Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfter(expiry)
			.ticker(this.ticker)
			// expiry and eviction on the calling thread: amortized O(1), no hop to the common pool
			.executor(Runnable::run)
			.removalListener((String hash, V value, RemovalCause cause) -> {
				if (cause == RemovalCause.SIZE) {
					dropped(kind);
				}
			})
			.build();
	}

	@Override
	public void save(WeChatRefreshToken token) {
		Assert.notNull(token, "token cannot be null");
		this.tokens.put(token.tokenHash(), token);
	}

	/**
	 * Set how long a used refresh token is remembered, so that presenting it again is recognized
	 * as reuse (and revokes its session); after that it is simply unknown, and still refused.
	 * Defaults to 24 hours.
	 * @param usedTokenRetention the retention
	 */
	public void setUsedTokenRetention(Duration usedTokenRetention) {
		Assert.isTrue(usedTokenRetention != null && !usedTokenRetention.isNegative(),
				"usedTokenRetention cannot be negative");
		this.usedTokenRetention = usedTokenRetention;
	}

	@Override
	public Consumption consume(String tokenHash, Instant now) {
		Instant usedUntil = now.plus(this.usedTokenRetention);
		WeChatRefreshToken[] consumed = new WeChatRefreshToken[1];
		this.tokens.asMap().computeIfPresent(tokenHash, (hash, token) -> {
			consumed[0] = token;
			Instant forgetAt = token.expiresAt().isBefore(usedUntil) ? token.expiresAt() : usedUntil;
			// marked used before the live entry goes: a concurrent consumption, waiting on this
			// key, then finds it used
			this.used.put(hash, new Used(token, forgetAt));
			return null;
		});
		if (consumed[0] != null) {
			return now.isBefore(consumed[0].expiresAt()) ? new Consumption(Status.CONSUMED, consumed[0])
					: Consumption.unknown();
		}
		Used used = this.used.getIfPresent(tokenHash);
		if (used == null || !now.isBefore(used.token().expiresAt())) {
			return Consumption.unknown();
		}
		return new Consumption(Status.REUSED, used.token());
	}

	/**
	 * Return the number of entries held, live and used, once expired ones and any beyond the
	 * bounds are dropped.
	 * @return the number of entries
	 */
	long size() {
		this.tokens.cleanUp();
		this.used.cleanUp();
		return this.tokens.estimatedSize() + this.used.estimatedSize();
	}

	private void dropped(String kind) {
		long count = this.dropped.incrementAndGet();
		long now = this.ticker.read();
		long last = this.lastWarning.get();
		if ((last == Long.MIN_VALUE || now - last >= WARNING_INTERVAL_NANOS) && this.lastWarning.compareAndSet(last, now)) {
			logger.warn("The in-memory refresh token store is full (" + this.maxEntries + " " + kind + " tokens); "
					+ count + " refresh tokens, live or used, dropped since start-up (the session of a dropped live "
					+ "token must log in again). Raise its limit or use wechat.login.store=redis");
		}
	}

	/**
	 * A used token.
	 * @param token the token
	 * @param forgetAt when it is forgotten: the token's expiry, or earlier
	 */
	private record Used(WeChatRefreshToken token, Instant forgetAt) {
	}

	/**
	 * Each entry expires at its own instant; the ticker counts nanoseconds since the epoch, so
	 * the time left is that instant's nanoseconds minus the ticker's.
	 */
	private record TokenExpiry<V>(Function<V, Instant> expiresAt) implements Expiry<String, V> {

		@Override
		public long expireAfterCreate(String hash, V value, long currentTime) {
			return ClockTicker.nanosUntil(this.expiresAt.apply(value), currentTime);
		}

		@Override
		public long expireAfterUpdate(String hash, V value, long currentTime, long currentDuration) {
			return ClockTicker.nanosUntil(this.expiresAt.apply(value), currentTime);
		}

		@Override
		public long expireAfterRead(String hash, V value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
