package io.github.wechatlogin.redis;

import java.time.Clock;
import java.time.Duration;

import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link WeChatCodeGuard} in Redis: a code is claimed atomically ({@code SET NX}) under
 * {@code {prefix}code:{appId}:{sha256(code)}} for the 5 minutes a code lives, so that a replay
 * on any instance is refused without calling WeChat. The code itself is never stored.
 *
 * @author wechat-login developers
 */
public final class RedisWeChatCodeGuard implements WeChatCodeGuard {

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final RedisGate gate = new RedisGate(Duration.ofSeconds(1), Clock.systemUTC());

	/**
	 * Create a new instance.
	 * @param redis the Redis template
	 * @param keyPrefix the prefix of every key, for example {@code wechat-login:}
	 */
	public RedisWeChatCodeGuard(StringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
	}

	@Override
	public boolean claim(WeChatRegistration registration, String code) {
		return Boolean.TRUE.equals(this.gate.call("code claim", () -> this.redis.opsForValue()
			.setIfAbsent(key(registration, code), "1", InMemoryWeChatCodeGuard.CODE_LIFETIME)));
	}

	@Override
	public void release(WeChatRegistration registration, String code) {
		this.gate.run("code release", () -> this.redis.delete(key(registration, code)));
	}

	private String key(WeChatRegistration registration, String code) {
		return RedisKeys.code(this.keyPrefix, registration, code);
	}

}
