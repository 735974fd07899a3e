package io.github.wechatlogin.session;

import java.time.Clock;
import java.time.Duration;

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

	private final Cache<String, String> keys;

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
	public void save(String registrationId, String openid, String sessionKey) {
		Assert.hasText(sessionKey, "sessionKey cannot be empty");
		this.keys.put(key(registrationId, openid), sessionKey);
	}

	@Override
	public @Nullable String find(String registrationId, String openid) {
		return this.keys.getIfPresent(key(registrationId, openid));
	}

	@Override
	public void remove(String registrationId, String openid) {
		this.keys.invalidate(key(registrationId, openid));
	}

	private static String key(String registrationId, String openid) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
		return registrationId + '\n' + openid;
	}

	@Override
	public String toString() {
		return "InMemoryWeChatSessionKeyStore[size=" + this.keys.estimatedSize() + "]";
	}

}
