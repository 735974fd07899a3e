package io.github.wechatlogin.redis;

import java.time.Clock;
import java.time.Duration;

import io.github.wechatlogin.core.Hashes;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link WeChatSessionKeyStore} in Redis, shared by every instance. A user's key is stored under
 * {@code {prefix}session-key:<hash>} (the hash of registration and openid, so that key names
 * reveal no user), encrypted by a {@link WeChatSessionKeyCipher} with that name as associated
 * data: Redis, its backups and its replicas hold no {@code session_key} in plain text, and a value
 * copied under another user's name does not decrypt. A value that does not decrypt (written under
 * another encryption key, or tampered with) is treated as missing. Each key expires a time to live
 * after its save.
 *
 * @author wechat-login developers
 */
public final class RedisWeChatSessionKeyStore implements WeChatSessionKeyStore {

	private static final Log logger = LogFactory.getLog(RedisWeChatSessionKeyStore.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final WeChatSessionKeyCipher cipher;

	private final RedisGate gate = new RedisGate(Duration.ofSeconds(1), Clock.systemUTC());

	private Duration timeToLive = Duration.ofDays(3);

	/**
	 * Create a new instance.
	 * @param redis the Redis template
	 * @param keyPrefix the prefix of every key, for example {@code wechat-login:}
	 * @param cipher the cipher of the values
	 */
	public RedisWeChatSessionKeyStore(StringRedisTemplate redis, String keyPrefix, WeChatSessionKeyCipher cipher) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		Assert.notNull(cipher, "cipher cannot be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.cipher = cipher;
	}

	/**
	 * Set how long a key is kept after its save. Defaults to 3 days.
	 * @param timeToLive the time to live
	 */
	public void setTimeToLive(Duration timeToLive) {
		Assert.isTrue(timeToLive != null && timeToLive.toMillis() > 0, "timeToLive must be positive");
		this.timeToLive = timeToLive;
	}

	@Override
	public void save(String registrationId, String openid, String sessionKey) {
		Assert.hasText(sessionKey, "sessionKey cannot be empty");
		String key = key(registrationId, openid);
		String value = this.cipher.encrypt(sessionKey, key);
		this.gate.run("session key save", () -> this.redis.opsForValue().set(key, value, this.timeToLive));
	}

	@Override
	public @Nullable String find(String registrationId, String openid) {
		String key = key(registrationId, openid);
		String value = this.gate.call("session key read", () -> this.redis.opsForValue().get(key));
		if (value == null) {
			return null;
		}
		String sessionKey = this.cipher.decrypt(value, key);
		if (sessionKey == null) {
			logger.warn("A stored session_key does not decrypt with wechat.login.session-key.encryption-key "
					+ "(written under another key, or altered); the user must log in again");
		}
		return sessionKey;
	}

	@Override
	public void remove(String registrationId, String openid) {
		String key = key(registrationId, openid);
		this.gate.run("session key removal", () -> this.redis.delete(key));
	}

	private String key(String registrationId, String openid) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
		return this.keyPrefix + "session-key:" + Hashes.sha256(registrationId + "\n" + openid);
	}

}
