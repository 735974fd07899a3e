package io.github.wechatlogin.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatRefreshToken;
import io.github.wechatlogin.token.WeChatRefreshTokenStore;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import io.github.wechatlogin.token.WeChatUserClaims;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * A {@link WeChatRefreshTokenStore} in Redis, shared by every instance. A token is stored under
 * {@code {prefix}refresh-token:{<hash>}} (JSON: its session, the user's claims, its lifetime) and
 * used up atomically by a script that sets {@code {prefix}refresh-token-used:{<hash>}} (the hash
 * in braces is a Redis Cluster hash tag, so both keys live in one slot). Once used, both are kept
 * only for the used-token retention, long enough to recognize a reuse. The token value itself is
 * never stored.
 *
 * @author wechat-login developers
 */
public final class RedisWeChatRefreshTokenStore implements WeChatRefreshTokenStore {

	private static final RedisScript<List> CONSUME = new DefaultRedisScript<>("""
			local value = redis.call('GET', KEYS[1])
			if not value then return nil end
			local ttl = redis.call('PTTL', KEYS[1])
			if ttl <= 0 then ttl = 1 end
			local keep = tonumber(ARGV[1])
			if keep < ttl then ttl = keep end
			if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ttl) then
				redis.call('PEXPIRE', KEYS[1], ttl)
				return {value, '0'}
			end
			return {value, '1'}
			""", List.class);

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Clock clock;

	private final RedisGate gate;

	private Duration usedTokenRetention = Duration.ofHours(24);

	/**
	 * Create a new instance.
	 * @param redis the Redis template
	 * @param keyPrefix the prefix of every key, for example {@code wechat-login:}
	 */
	public RedisWeChatRefreshTokenStore(StringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "redis cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.clock = Clock.systemUTC();
		this.gate = new RedisGate(Duration.ofSeconds(1), this.clock);
	}

	/**
	 * Set how long a used refresh token is remembered, so that presenting it again is recognized
	 * as reuse (and revokes its session); after that it is simply unknown, and still refused.
	 * Defaults to 24 hours.
	 * @param usedTokenRetention the retention
	 */
	public void setUsedTokenRetention(Duration usedTokenRetention) {
		Assert.isTrue(usedTokenRetention != null && usedTokenRetention.toMillis() > 0,
				"usedTokenRetention must be positive");
		this.usedTokenRetention = usedTokenRetention;
	}

	@Override
	public void save(WeChatRefreshToken token) {
		Duration ttl = Duration.between(this.clock.instant(), token.expiresAt());
		if (ttl.isNegative() || ttl.isZero()) {
			return;
		}
		Map<String, Object> stored = new LinkedHashMap<>();
		stored.put("family", token.familyId());
		stored.put("issued_at", token.issuedAt().toEpochMilli());
		stored.put("expires_at", token.expiresAt().toEpochMilli());
		stored.put("session_started_at", token.sessionStartedAt().toEpochMilli());
		stored.put("user", WeChatUserClaims.toClaims(token.user()));
		String json = JSON.writeValueAsString(stored);
		this.gate.run("refresh token save",
				() -> this.redis.opsForValue().set(tokenKey(token.tokenHash()), json, ttl));
	}

	/**
	 * Make the token usable again: forget that it was used and store it anew.
	 * @param token the token as {@link #consume} returned it
	 */
	@Override
	public void restore(WeChatRefreshToken token) {
		this.gate.run("refresh token restore", () -> this.redis.delete(usedKey(token.tokenHash())));
		save(token);
	}

	@Override
	public Consumption consume(String tokenHash, Instant now) {
		List<?> result = this.gate.call("refresh token use", () -> this.redis.execute(CONSUME,
				List.of(tokenKey(tokenHash), usedKey(tokenHash)), Long.toString(this.usedTokenRetention.toMillis())));
		if (result == null || result.size() != 2) {
			return Consumption.unknown();
		}
		WeChatRefreshToken token = read(tokenHash, String.valueOf(result.get(0)));
		if (!now.isBefore(token.expiresAt())) {
			return Consumption.unknown();
		}
		return new Consumption("1".equals(String.valueOf(result.get(1))) ? Status.REUSED : Status.CONSUMED, token);
	}

	private WeChatRefreshToken read(String tokenHash, String json) {
		try {
			Map<String, Object> stored = JSON.readValue(json, MAP);
			@SuppressWarnings("unchecked")
			WeChatUser user = WeChatUserClaims.fromClaims((Map<String, Object>) stored.get("user"));
			if (user == null) {
				throw new WeChatTokenStoreException("A stored refresh token has no user");
			}
			Instant issuedAt = Instant.ofEpochMilli(((Number) stored.get("issued_at")).longValue());
			Object sessionStartedAt = stored.get("session_started_at");
			return new WeChatRefreshToken(tokenHash, (String) stored.get("family"), user, issuedAt,
					Instant.ofEpochMilli(((Number) stored.get("expires_at")).longValue()),
					(sessionStartedAt != null) ? Instant.ofEpochMilli(((Number) sessionStartedAt).longValue())
							: issuedAt);
		}
		catch (JacksonException | ClassCastException | NullPointerException ex) {
			throw new WeChatTokenStoreException("A stored refresh token cannot be read", ex);
		}
	}

	private String tokenKey(String tokenHash) {
		return this.keyPrefix + "refresh-token:{" + tokenHash + "}";
	}

	private String usedKey(String tokenHash) {
		return this.keyPrefix + "refresh-token-used:{" + tokenHash + "}";
	}

}
