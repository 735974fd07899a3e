package io.github.wechatlogin.token;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.wechatlogin.core.ClockTicker;

import org.springframework.util.Assert;

/**
 * A {@link WeChatTokenRevocationStore} in memory, for a single instance: a Caffeine cache of
 * revoked ids, each expiring when the revoked tokens would have. Bounded, but never by
 * eviction: forgetting a live revocation would let a logged-out token work again, so when it
 * holds {@code maxEntries} live revocations a further one fails with a
 * {@link WeChatTokenStoreException} (the caller answers {@code 503}) rather than dropping one.
 * <p>
 * The cache has no size bound of its own (a Caffeine cache without {@code maximumSize},
 * {@code maximumWeight} or weak or soft references drops entries only once they expire); the
 * bound is checked here, under a lock that only revocations take: in O(1) while the store is not
 * full; when it seems full, by counting the live entries, once until the soonest of them
 * expires. {@link #isRevoked} is a lock-free read.
 *
 * @author wechat-login developers
 */
public final class InMemoryWeChatTokenRevocationStore implements WeChatTokenRevocationStore {

	/**
	 * The default bound.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private final Cache<String, Instant> revocations;

	private final int maxEntries;

	private final Clock clock;

	private final Object writeLock = new Object();

	/**
	 * Until when the store is known to be full of live revocations (guarded by the write lock):
	 * the soonest expiry among them when they were last counted. Nothing is added while it is
	 * full, so until then a revocation is refused without counting again.
	 */
	private Instant fullUntil = Instant.MIN;

	/**
	 * Create a store with the default bound and the system clock.
	 */
	public InMemoryWeChatTokenRevocationStore() {
		this(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param maxEntries the most live revocations held
	 * @param clock the clock that decides when a revocation expires
	 */
	public InMemoryWeChatTokenRevocationStore(int maxEntries, Clock clock) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.maxEntries = maxEntries;
		this.clock = clock;
		this.revocations = Caffeine.newBuilder()
			.expireAfter(new UntilExpiry())
			.ticker(new ClockTicker(clock))
			.executor(Runnable::run)
			.build();
	}

	@Override
	public void revoke(String id, Instant until) {
		Assert.hasText(id, "id cannot be empty");
		Assert.notNull(until, "until cannot be null");
		synchronized (this.writeLock) {
			if (!this.revocations.asMap().containsKey(id) && isFull()) {
				throw new WeChatTokenStoreException("The in-memory revocation store holds " + this.maxEntries
						+ " live revocations and cannot take more; raise its limit or use wechat.login.store=redis");
			}
			this.revocations.put(id, until);
			// a revocation made again may expire sooner than the ones counted
			this.fullUntil = Instant.MIN;
		}
	}

	private boolean isFull() {
		// under the write lock nothing is added meanwhile: the estimate counts every live entry
		if (this.revocations.estimatedSize() < this.maxEntries) {
			return false;
		}
		if (this.clock.instant().isBefore(this.fullUntil)) {
			return true;
		}
		this.revocations.cleanUp();
		if (this.revocations.estimatedSize() < this.maxEntries) {
			return false;
		}
		// Caffeine drops an expired entry up to about a second late (its timer wheel's finest
		// span); its iterators skip expired entries, so count the live ones
		long live = 0;
		Instant soonest = Instant.MAX;
		for (Instant until : this.revocations.asMap().values()) {
			live++;
			if (until.isBefore(soonest)) {
				soonest = until;
			}
		}
		if (live < this.maxEntries) {
			return false;
		}
		this.fullUntil = soonest;
		return true;
	}

	private long liveEntries() {
		return this.revocations.asMap().keySet().stream().count();
	}

	@Override
	public boolean isRevoked(String id) {
		return this.revocations.getIfPresent(id) != null;
	}

	/**
	 * Return the number of live revocations held.
	 * @return the number of revocations
	 */
	long size() {
		return liveEntries();
	}

	/**
	 * Each revocation expires at its own instant.
	 */
	private static final class UntilExpiry implements Expiry<String, Instant> {

		@Override
		public long expireAfterCreate(String id, Instant until, long currentTime) {
			return ClockTicker.nanosUntil(until, currentTime);
		}

		@Override
		public long expireAfterUpdate(String id, Instant until, long currentTime, long currentDuration) {
			return ClockTicker.nanosUntil(until, currentTime);
		}

		@Override
		public long expireAfterRead(String id, Instant until, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
