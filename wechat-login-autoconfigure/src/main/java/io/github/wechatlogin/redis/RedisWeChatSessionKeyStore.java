package io.github.wechatlogin.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.wechatlogin.core.Hashes;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * A {@link WeChatSessionKeyStore} in Redis, shared by every instance. A user's key is stored under
 * {@code {prefix}session-key:<hash>} (the hash of app id and openid, so that key names reveal
 * no user), a hash of three fields: {@code v}, the key encrypted by a {@link WeChatSessionKeyCipher}
 * with that name as associated data (Redis, its backups and its replicas hold no
 * {@code session_key} in plain text, and a value copied under another user's name does not
 * decrypt); {@code ts}, when the login's code exchange started (epoch milliseconds: a save does
 * not replace the key of a login that started later, compared in a Lua script); {@code h}, the
 * SHA-256 of name and key, which a compare-and-delete compares in a Lua script. A value that does
 * not decrypt (written under another encryption key, or tampered with) is treated as missing.
 * Each key expires a time to live after its save.
 *
 * @author wechat-login developers
 */
public final class RedisWeChatSessionKeyStore implements WeChatSessionKeyStore {

	private static final Log logger = LogFactory.getLog(RedisWeChatSessionKeyStore.class);

	private static final RedisScript<Long> SAVE = new DefaultRedisScript<>("""
			if redis.call('TYPE', KEYS[1])['ok'] == 'hash' then
				local ts = redis.call('HGET', KEYS[1], 'ts')
				if ts and tonumber(ts) > tonumber(ARGV[1]) then
					return 0
				end
			end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'ts', ARGV[1], 'v', ARGV[2], 'h', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			return 1
			""", Long.class);

	private static final RedisScript<Long> REMOVE_IF = new DefaultRedisScript<>("""
			if redis.call('TYPE', KEYS[1])['ok'] == 'hash' and redis.call('HGET', KEYS[1], 'h') == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

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
	public boolean save(String appId, String openid, String sessionKey, Instant exchangeStartedAt) {
		Assert.hasText(sessionKey, "sessionKey cannot be empty");
		Assert.notNull(exchangeStartedAt, "exchangeStartedAt cannot be null");
		String key = key(appId, openid);
		String value = this.cipher.encrypt(sessionKey, key);
		Long saved = this.gate.call("session key save",
				() -> this.redis.execute(SAVE, List.of(key), Long.toString(exchangeStartedAt.toEpochMilli()), value,
						fingerprint(key, sessionKey), Long.toString(this.timeToLive.toMillis())));
		return saved != null && saved == 1L;
	}

	@Override
	public @Nullable String find(String appId, String openid) {
		String key = key(appId, openid);
		Object value = this.gate.call("session key read", () -> this.redis.opsForHash().get(key, "v"));
		if (value == null) {
			return null;
		}
		String sessionKey = this.cipher.decrypt(value.toString(), key);
		if (sessionKey == null) {
			logger.warn("A stored session_key does not decrypt with wechat.login.session-key.encryption-key "
					+ "(written under another key, or altered); the user must log in again");
		}
		return sessionKey;
	}

	@Override
	public void remove(String appId, String openid) {
		String key = key(appId, openid);
		this.gate.run("session key removal", () -> this.redis.delete(key));
	}

	@Override
	public boolean remove(String appId, String openid, String expectedSessionKey) {
		Assert.notNull(expectedSessionKey, "expectedSessionKey cannot be null");
		String key = key(appId, openid);
		Long removed = this.gate.call("session key removal",
				() -> this.redis.execute(REMOVE_IF, List.of(key), fingerprint(key, expectedSessionKey)));
		return removed != null && removed == 1L;
	}

	private static String fingerprint(String key, String sessionKey) {
		return Hashes.sha256(key + "\n" + sessionKey);
	}

	private String key(String appId, String openid) {
		Assert.hasText(appId, "appId cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
		return this.keyPrefix + "session-key:" + Hashes.sha256(appId + "\n" + openid);
	}

}
