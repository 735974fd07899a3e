package io.github.wechatlogin.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.github.wechatlogin.client.WeChatApiAccessToken;
import io.github.wechatlogin.client.WeChatApiAccessTokenClient;
import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * A {@link WeChatApiAccessTokenClient} that shares access tokens between instances through Redis:
 * the token of an app lives under {@code {prefix}access-token:{appId}:{secretFingerprint}} until
 * it expires (see {@link io.github.wechatlogin.core.WeChatRegistration#getSecretFingerprint()}: a
 * rotated secret is a new key, so every instance fetches a token with the new secret), and
 * only the instance holding the lock {@code {prefix}access-token-lock:{appId}:{secretFingerprint}} fetches a new
 * one from WeChat (through the delegate) while the others wait briefly and read it. The lock
 * expires on its own if its holder dies.
 * <p>
 * Use it behind a {@code CachingWeChatApiAccessTokenProvider}, which keeps a local copy and makes
 * the callers of one instance share one fetch.
 *
 * @author wechat-login developers
 */
public final class RedisWeChatApiAccessTokenClient implements WeChatApiAccessTokenClient {

	private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final WeChatApiAccessTokenClient delegate;

	private final Clock clock = Clock.systemUTC();

	private final RedisGate gate = new RedisGate(Duration.ofSeconds(1), this.clock);

	private Duration lockTimeToLive = Duration.ofSeconds(15);

	private Duration maxWait = Duration.ofSeconds(15);

	private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

	/**
	 * Create a new instance.
	 * @param redis the Redis template
	 * @param keyPrefix the prefix of every key, for example {@code wechat-login:}
	 * @param delegate the client that fetches tokens from WeChat
	 */
	public RedisWeChatApiAccessTokenClient(StringRedisTemplate redis, String keyPrefix, WeChatApiAccessTokenClient delegate) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		Assert.notNull(delegate, "delegate cannot be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.delegate = delegate;
	}

	/**
	 * Set how long the fetch lock lives if its holder dies. Defaults to 15 seconds; keep it above
	 * the connect and read timeouts together.
	 * @param lockTimeToLive the lifetime
	 */
	public void setLockTimeToLive(Duration lockTimeToLive) {
		Assert.isTrue(lockTimeToLive != null && !lockTimeToLive.isNegative() && !lockTimeToLive.isZero(),
				"lockTimeToLive must be positive");
		this.lockTimeToLive = lockTimeToLive;
	}

	/**
	 * Set how long an instance waits for another one's fetch. Defaults to 15 seconds.
	 * @param maxWait the longest wait
	 */
	public void setMaxWait(Duration maxWait) {
		Assert.isTrue(maxWait != null && !maxWait.isNegative() && !maxWait.isZero(), "maxWait must be positive");
		this.maxWait = maxWait;
	}

	/**
	 * Set how long before its expiry the shared token is fetched anew. Defaults to 5 minutes;
	 * keep it equal to the refresh margin of the caching provider in front.
	 * @param refreshBeforeExpiry the margin
	 */
	public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
		Assert.isTrue(refreshBeforeExpiry != null && !refreshBeforeExpiry.isNegative(),
				"refreshBeforeExpiry cannot be negative");
		this.refreshBeforeExpiry = refreshBeforeExpiry;
	}

	@Override
	public WeChatApiAccessToken fetch(WeChatRegistration registration, boolean forceRefresh) {
		try {
			return fetchShared(registration, forceRefresh);
		}
		catch (WeChatTokenStoreException ex) {
			throw new WeChatApiException(
					new WeChatError(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, "WeChat is unavailable; try again later"),
					null, WeChatErrorCodes.UPSTREAM_UNAVAILABLE_RETRY_AFTER, "The shared access-token cache is unavailable");
		}
	}

	private WeChatApiAccessToken fetchShared(WeChatRegistration registration, boolean forceRefresh) {
		String tokenKey = this.keyPrefix + "access-token:" + registration.getAccessTokenCacheKey();
		String lockKey = this.keyPrefix + "access-token-lock:" + registration.getAccessTokenCacheKey();
		WeChatApiAccessToken before = read(tokenKey);
		if (!forceRefresh && isUsable(before)) {
			return before;
		}
		Instant deadline = this.clock.instant().plus(this.maxWait);
		while (true) {
			String owner = UUID.randomUUID().toString();
			Boolean locked = this.gate.call("access token lock",
					() -> this.redis.opsForValue().setIfAbsent(lockKey, owner, this.lockTimeToLive));
			if (Boolean.TRUE.equals(locked)) {
				try {
					return fetchLocked(registration, tokenKey, before, forceRefresh);
				}
				finally {
					this.gate.call("access token unlock", () -> this.redis.execute(RELEASE, List.of(lockKey), owner));
				}
			}
			sleep();
			WeChatApiAccessToken current = read(tokenKey);
			if (isUsable(current) && (!forceRefresh || !current.equals(before))) {
				return current;
			}
			if (this.clock.instant().isAfter(deadline)) {
				throw new WeChatApiException(
						new WeChatError(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, "WeChat is unavailable; try again later"),
						null, WeChatErrorCodes.UPSTREAM_UNAVAILABLE_RETRY_AFTER, "Another instance's access token fetch did not finish in time");
			}
		}
	}

	private WeChatApiAccessToken fetchLocked(WeChatRegistration registration, String tokenKey,
			@Nullable WeChatApiAccessToken before, boolean forceRefresh) {
		WeChatApiAccessToken current = read(tokenKey);
		if (isUsable(current) && (!forceRefresh || !current.equals(before))) {
			return current;
		}
		WeChatApiAccessToken fresh = this.delegate.fetch(registration, false);
		if (forceRefresh && current != null && fresh.value().equals(current.value())) {
			fresh = this.delegate.fetch(registration, true);
		}
		Duration ttl = Duration.between(this.clock.instant(), fresh.expiresAt());
		if (!ttl.isNegative() && !ttl.isZero()) {
			String value = fresh.expiresAt().toEpochMilli() + "|" + fresh.value();
			this.gate.run("access token save", () -> this.redis.opsForValue().set(tokenKey, value, ttl));
		}
		return fresh;
	}

	private @Nullable WeChatApiAccessToken read(String tokenKey) {
		String value = this.gate.call("access token read", () -> this.redis.opsForValue().get(tokenKey));
		if (value == null) {
			return null;
		}
		int separator = value.indexOf('|');
		if (separator <= 0 || separator == value.length() - 1) {
			return null;
		}
		try {
			return new WeChatApiAccessToken(value.substring(separator + 1),
					Instant.ofEpochMilli(Long.parseLong(value.substring(0, separator))));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private boolean isUsable(@Nullable WeChatApiAccessToken token) {
		return token != null && this.clock.instant().isBefore(token.expiresAt().minus(this.refreshBeforeExpiry));
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WeChatApiException(
					new WeChatError(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, "WeChat is unavailable; try again later"),
					null, WeChatErrorCodes.UPSTREAM_UNAVAILABLE_RETRY_AFTER, "Interrupted while waiting for an access token");
		}
	}

}
