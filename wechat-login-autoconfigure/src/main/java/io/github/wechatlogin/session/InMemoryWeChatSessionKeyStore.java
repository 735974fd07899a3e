package io.github.wechatlogin.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.wechatlogin.core.ClockTicker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link WeChatSessionKeyStore} in memory, for a single instance: a bounded Caffeine cache
 * whose entries expire a time to live after their save. When it is full, the keys of the least
 * recently active users go first; those users get {@code session_key_missing} and log in again.
 *
 * @author wechat-login developers
 */
public final class InMemoryWeChatSessionKeyStore implements WeChatSessionKeyStore {

	/**
	 * The default bound: the keys of this many users.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	/**
	 * The default time to live.
	 */
	public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofDays(3);

	private final Cache<String, Entry> keys;

	/**
	 * Create a store with the default bound, time to live and the system clock.
	 */
	public InMemoryWeChatSessionKeyStore() {
		this(DEFAULT_MAX_ENTRIES, DEFAULT_TIME_TO_LIVE, Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param maxEntries the most keys held
	 * @param timeToLive how long a key is kept after its save
	 * @param clock the clock that decides when a key expires
	 */
	public InMemoryWeChatSessionKeyStore(int maxEntries, Duration timeToLive, Clock clock) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.isTrue(timeToLive != null && timeToLive.toMillis() > 0, "timeToLive must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.keys = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterWrite(timeToLive)
			.ticker(new ClockTicker(clock))
			.executor(Runnable::run)
			.build();
	}

	@Override
	public boolean save(String appId, String openid, String sessionKey, Instant exchangeStartedAt) {
		Assert.hasText(sessionKey, "sessionKey cannot be empty");
		Assert.notNull(exchangeStartedAt, "exchangeStartedAt cannot be null");
		Entry entry = new Entry(sessionKey, exchangeStartedAt);
		Entry kept = this.keys.asMap()
			.compute(key(appId, openid),
					(k, old) -> (old == null || !old.startedAt().isAfter(exchangeStartedAt)) ? entry : old);
		return kept == entry;
	}

	@Override
	public @Nullable String find(String appId, String openid) {
		Entry entry = this.keys.getIfPresent(key(appId, openid));
		return (entry != null) ? entry.sessionKey() : null;
	}

	@Override
	public void remove(String appId, String openid) {
		this.keys.invalidate(key(appId, openid));
	}

	@Override
	public boolean remove(String appId, String openid, String expectedSessionKey) {
		Assert.notNull(expectedSessionKey, "expectedSessionKey cannot be null");
		boolean[] removed = new boolean[1];
		this.keys.asMap().computeIfPresent(key(appId, openid), (k, old) -> {
			removed[0] = old.sessionKey().equals(expectedSessionKey);
			return removed[0] ? null : old;
		});
		return removed[0];
	}

	private static String key(String appId, String openid) {
		Assert.hasText(appId, "appId cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
		return appId + '\n' + openid;
	}

	@Override
	public String toString() {
		return "InMemoryWeChatSessionKeyStore[size=" + this.keys.estimatedSize() + "]";
	}

	private record Entry(String sessionKey, Instant startedAt) {

		@Override
		public String toString() {
			return "Entry[startedAt=" + this.startedAt + "]";
		}

	}

}
