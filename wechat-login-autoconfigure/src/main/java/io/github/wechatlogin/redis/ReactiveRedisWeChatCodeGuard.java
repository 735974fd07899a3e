package io.github.wechatlogin.redis;

import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.authentication.ReactiveWeChatCodeGuard;
import io.github.wechatlogin.core.WeChatRegistration;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveWeChatCodeGuard} on the reactive Redis API: the twin of
 * {@link RedisWeChatCodeGuard}, with its key layout ({@code {prefix}code:{appId}:{sha256(code)}},
 * claimed with {@code SET NX} for the 5 minutes a code lives), so that a code claimed by either
 * (on either stack, on any instance) is a replay for both, and with its failure semantics: a Redis
 * failure answers a {@code WeChatTokenStoreException} (the login a {@code 503}), and for a second
 * after it every call fails at once without asking Redis. No call blocks: it runs on the
 * subscriber's thread and completes on the Redis client's.
 *
 * @author wechat-login developers
 */
public final class ReactiveRedisWeChatCodeGuard implements ReactiveWeChatCodeGuard {

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final ReactiveRedisGate gate = new ReactiveRedisGate();

	/**
	 * Create a new instance.
	 * @param redis the reactive Redis template
	 * @param keyPrefix the prefix of every key, for example {@code wechat-login:}
	 */
	public ReactiveRedisWeChatCodeGuard(ReactiveStringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
	}

	@Override
	public Mono<Boolean> claim(WeChatRegistration registration, String code) {
		return this.gate.call("code claim", () -> this.redis.opsForValue()
			.setIfAbsent(RedisKeys.code(this.keyPrefix, registration, code), "1", InMemoryWeChatCodeGuard.CODE_LIFETIME))
			.map(Boolean.TRUE::equals)
			.defaultIfEmpty(false);
	}

	@Override
	public Mono<Void> release(WeChatRegistration registration, String code) {
		return this.gate.call("code release", () -> this.redis.delete(RedisKeys.code(this.keyPrefix, registration, code)))
			.then();
	}

}
