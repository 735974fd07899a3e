package io.github.wechatlogin.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * A {@link WeChatRefreshTokenStore} in memory, for a single instance: a Caffeine cache of
 * refresh tokens by hash, each entry expiring at its own instant (the token's expiry; once
 * used, {@link #setUsedTokenRetention(Duration) 24 hours} at most, long enough to recognize a
 * reuse). A consumption is one atomic {@code computeIfPresent}; expiry and eviction cost O(1)
 * per write.
 * <p>
 * Bounded by {@code maxEntries}, live and used tokens together (a client that refreshes every
 * 2 hours keeps about 13: its live token and the ones it used in the last 24 hours). When full,
 * Caffeine drops a token to make room, chosen by its W-TinyLFU policy (frequency and recency),
 * not the one that expires soonest: it may be a token issued a moment ago. That is safe: a
 * dropped refresh token is refused, never accepted, and its session must log in again; a
 * dropped used token is no longer recognized as a reuse, only refused. Drops are logged at WARN,
 * at most once a minute.
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

	private final Cache<String, Stored> tokens;

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
	 * @param maxEntries the most tokens held, used ones included
	 * @param clock the clock that decides when an entry expires
	 */
	public InMemoryWeChatRefreshTokenStore(int maxEntries, Clock clock) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.maxEntries = maxEntries;
		this.ticker = new ClockTicker(clock);
		this.tokens = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfter(new StoredExpiry())
			.ticker(this.ticker)
			// expiry and eviction on the calling thread: amortized O(1), no hop to the common pool
			.executor(Runnable::run)
			.removalListener((String hash, Stored stored, RemovalCause cause) -> {
				if (cause == RemovalCause.SIZE) {
					dropped();
				}
			})
			.build();
	}

	@Override
	public void save(WeChatRefreshToken token) {
		Assert.notNull(token, "token cannot be null");
		this.tokens.put(token.tokenHash(), new Stored(token, false, token.expiresAt()));
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
		Stored[] before = new Stored[1];
		this.tokens.asMap().computeIfPresent(tokenHash, (hash, stored) -> {
			before[0] = stored;
			Instant expiresAt = stored.expiresAt().isBefore(usedUntil) ? stored.expiresAt() : usedUntil;
			return new Stored(stored.token(), true, expiresAt);
		});
		Stored stored = before[0];
		if (stored == null || !now.isBefore(stored.token().expiresAt())) {
			return Consumption.unknown();
		}
		return new Consumption(stored.used() ? Status.REUSED : Status.CONSUMED, stored.token());
	}

	/**
	 * Return the number of entries held, used ones included, once expired ones and any beyond
	 * the bound are dropped.
	 * @return the number of entries
	 */
	long size() {
		this.tokens.cleanUp();
		return this.tokens.estimatedSize();
	}

	private void dropped() {
		long count = this.dropped.incrementAndGet();
		long now = this.ticker.read();
		long last = this.lastWarning.get();
		if ((last == Long.MIN_VALUE || now - last >= WARNING_INTERVAL_NANOS) && this.lastWarning.compareAndSet(last, now)) {
			logger.warn("The in-memory refresh token store is full (" + this.maxEntries + " entries); " + count
					+ " refresh tokens, live or used, dropped since start-up (the session of a dropped live token "
					+ "must log in again). Raise its limit or use wechat.login.store=redis");
		}
	}

	/**
	 * A token as stored.
	 * @param token the token
	 * @param used whether it was consumed
	 * @param expiresAt when the entry expires: the token's expiry, or earlier once used
	 */
	private record Stored(WeChatRefreshToken token, boolean used, Instant expiresAt) {
	}

	/**
	 * Each entry expires at its own {@link Stored#expiresAt()}; the ticker counts nanoseconds
	 * since the epoch, so the time left is that instant's nanoseconds minus the ticker's.
	 */
	private static final class StoredExpiry implements Expiry<String, Stored> {

		@Override
		public long expireAfterCreate(String hash, Stored stored, long currentTime) {
			return ClockTicker.nanosUntil(stored.expiresAt(), currentTime);
		}

		@Override
		public long expireAfterUpdate(String hash, Stored stored, long currentTime, long currentDuration) {
			return ClockTicker.nanosUntil(stored.expiresAt(), currentTime);
		}

		@Override
		public long expireAfterRead(String hash, Stored stored, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
