package io.github.wechatlogin.redis;

import io.github.wechatlogin.token.ReactiveWeChatTokenRevocationStore;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveWeChatTokenRevocationStore} on the reactive Redis API: it reads the keys that
 * {@link RedisWeChatTokenRevocationStore} writes ({@code {prefix}revoked:{id}}), so that the
 * revocation check of every bearer request on WebFlux needs no thread hop. Its failures are the
 * blocking store's: a {@code WeChatTokenStoreException} (the request fails closed with a
 * {@code 503}), then a second of failing fast without asking Redis.
 *
 * @author wechat-login developers
 */
public final class ReactiveRedisWeChatTokenRevocationStore implements ReactiveWeChatTokenRevocationStore {

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final ReactiveRedisGate gate = new ReactiveRedisGate();

	/**
	 * Create a new instance.
	 * @param redis the reactive Redis template
	 * @param keyPrefix the prefix of every key, for example {@code wechat-login:}
	 */
	public ReactiveRedisWeChatTokenRevocationStore(ReactiveStringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
	}

	@Override
	public Mono<Boolean> isRevoked(String id) {
		return this.gate.call("revocation check", () -> this.redis.hasKey(RedisKeys.revoked(this.keyPrefix, id)))
			.map(Boolean.TRUE::equals)
			.defaultIfEmpty(false);
	}

}
