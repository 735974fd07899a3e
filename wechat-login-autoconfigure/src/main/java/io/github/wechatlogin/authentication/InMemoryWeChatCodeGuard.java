package io.github.wechatlogin.authentication;

import java.time.Clock;
import java.time.Duration;

import io.github.wechatlogin.core.ExpiringMap;
import io.github.wechatlogin.core.Hashes;
import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.util.Assert;

/**
 * A {@link WeChatCodeGuard} in memory, for a single instance: SHA-256 hashes of the claimed
 * codes, each kept for the 5 minutes a code lives. Bounded; when full of live claims the oldest
 * are dropped to make room. That is safe: WeChat itself refuses a used code, so a forgotten claim
 * costs one upstream call, while failing would let anyone lock out every login by sending
 * garbage codes.
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

	private final ExpiringMap<Boolean> claims;

	private final Clock clock;

	/**
	 * Create a guard with the default bound and the system clock.
	 */
	public InMemoryWeChatCodeGuard() {
		this(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
	}

	/**
	 * Create a guard.
	 * @param maxEntries the most live claims held
	 * @param clock the clock
	 */
	public InMemoryWeChatCodeGuard(int maxEntries, Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.claims = new ExpiringMap<>(maxEntries, clock);
		this.clock = clock;
	}

	@Override
	public boolean claim(WeChatRegistration registration, String code) {
		return this.claims.putIfAbsent(key(registration, code), Boolean.TRUE,
				this.clock.instant().plus(CODE_LIFETIME), true);
	}

	@Override
	public void release(WeChatRegistration registration, String code) {
		this.claims.remove(key(registration, code));
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
