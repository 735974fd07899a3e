package io.github.wechatlogin.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.wechatlogin.token.WeChatTokenRevocationStore;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link WeChatTokenRevocationStore} in Redis, shared by every instance: one key per revoked
 * id, {@code {prefix}revoked:{id}}, expiring when the revoked tokens would have.
 *
 * @author wechat-login developers
 */
public final class RedisWeChatTokenRevocationStore implements WeChatTokenRevocationStore {

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final RedisGate gate;

	private final Clock clock;

	/**
	 * Create a new instance.
	 * @param redis the Redis template
	 * @param keyPrefix the prefix of every key, for example {@code wechat-login:}
	 */
	public RedisWeChatTokenRevocationStore(StringRedisTemplate redis, String keyPrefix) {
		this(redis, keyPrefix, Clock.systemUTC());
	}

	RedisWeChatTokenRevocationStore(StringRedisTemplate redis, String keyPrefix, Clock clock) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.clock = clock;
		this.gate = new RedisGate(Duration.ofSeconds(1), clock);
	}

	@Override
	public void revoke(String id, Instant until) {
		Duration ttl = Duration.between(this.clock.instant(), until);
		if (ttl.isNegative() || ttl.isZero()) {
			return;
		}
		this.gate.run("revoke", () -> this.redis.opsForValue().set(key(id), "1", ttl));
	}

	@Override
	public boolean isRevoked(String id) {
		return Boolean.TRUE.equals(this.gate.call("revocation check", () -> this.redis.hasKey(key(id))));
	}

	private String key(String id) {
		return RedisKeys.revoked(this.keyPrefix, id);
	}

}
