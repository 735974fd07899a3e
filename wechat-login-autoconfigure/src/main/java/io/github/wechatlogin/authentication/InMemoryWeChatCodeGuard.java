package io.github.wechatlogin.authentication;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.wechatlogin.core.ClockTicker;
import io.github.wechatlogin.core.Hashes;
import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.util.Assert;

/**
 * A {@link WeChatCodeGuard} in memory, for a single instance: SHA-256 hashes of the claimed
 * codes in a Caffeine cache, each kept for the 5 minutes a code lives. A claim is one atomic
 * {@code putIfAbsent}; expiry and eviction cost O(1) per write, whatever the number of claims.
 * <p>
 * Bounded by {@code maxEntries}. When full, Caffeine drops a claim to make room, chosen by its
 * W-TinyLFU policy (frequency and recency), not the oldest one: the claim dropped may be the
 * newest. That is safe: WeChat itself refuses a used code, so a replay of a code whose claim was
 * dropped costs one upstream call and still gets {@code invalid_code}, while failing when full
 * would let anyone lock out every login. Codes WeChat answers as invalid are given back by
 * {@link WeChatAuthenticationProvider}, so a flood of junk codes does not fill the guard.
 *
 * @author wechat-login developers
 */
public final class InMemoryWeChatCodeGuard implements WeChatCodeGuard {

	/**
	 * How long a WeChat login code lives.
	 */
	public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

	/**
	 * The default bound.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private final Cache<String, Boolean> claims;

	/**
	 * Create a guard with the default bound and the system clock.
	 */
	public InMemoryWeChatCodeGuard() {
		this(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
	}

	/**
	 * Create a guard.
	 * @param maxEntries the most claims held
	 * @param clock the clock that decides when a claim expires
	 */
	public InMemoryWeChatCodeGuard(int maxEntries, Clock clock) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.claims = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterWrite(CODE_LIFETIME)
			.ticker(new ClockTicker(clock))
			// expiry and eviction on the calling thread: amortized O(1), no hop to the common pool
			.executor(Runnable::run)
			.build();
	}

	@Override
	public boolean claim(WeChatRegistration registration, String code) {
		return this.claims.asMap().putIfAbsent(key(registration, code), Boolean.TRUE) == null;
	}

	@Override
	public void release(WeChatRegistration registration, String code) {
		this.claims.invalidate(key(registration, code));
	}

	/**
	 * Return the number of claims held, once expired ones and any beyond the bound are dropped.
	 * @return the number of claims
	 */
	long size() {
		this.claims.cleanUp();
		return this.claims.estimatedSize();
	}

	/**
	 * Return the key under which a code is claimed: the app id and the SHA-256 hash of the
	 * code, never the code.
	 * @param registration the registration
	 * @param code the code
	 * @return the key
	 */
	public static String key(WeChatRegistration registration, String code) {
		return registration.getAppId() + ":" + Hashes.sha256(code);
	}

}
