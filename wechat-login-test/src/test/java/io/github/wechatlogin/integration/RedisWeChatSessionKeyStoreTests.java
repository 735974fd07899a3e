package io.github.wechatlogin.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.wechatlogin.core.Hashes;
import io.github.wechatlogin.redis.RedisWeChatSessionKeyStore;
import io.github.wechatlogin.redis.WeChatSessionKeyCipher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisWeChatSessionKeyStore} against a real Redis: its Lua scripts keep the key of the
 * later login when saves come out of order, and forget a refused key only if it is still the one
 * stored; entries are per app id and openid.
 */
class RedisWeChatSessionKeyStoreTests {

	private static RedisServer redis;

	private static LettuceConnectionFactory connections;

	private static StringRedisTemplate template;

	private final RedisWeChatSessionKeyStore store = new RedisWeChatSessionKeyStore(template, "wechat-login:",
			new WeChatSessionKeyCipher(new byte[32]));

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServer.start();
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.getPort()));
		connections.afterPropertiesSet();
		connections.start();
		template = new StringRedisTemplate(connections);
	}

	@AfterAll
	static void stop() throws Exception {
		// both null when redis-server is not installed and the tests were skipped
		if (connections != null) {
			connections.destroy();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@BeforeEach
	void flush() {
		template.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	@Test
	void saveWhenALaterLoginSavedFirstThenItsKeyStays() {
		Instant earlier = Instant.parse("2026-01-01T00:00:00Z");
		assertThat(this.store.save("wx-1", "o-1", "key-later", earlier.plusMillis(5))).isTrue();
		assertThat(this.store.save("wx-1", "o-1", "key-earlier", earlier)).isFalse();
		assertThat(this.store.find("wx-1", "o-1")).isEqualTo("key-later");
		assertThat(this.store.save("wx-1", "o-1", "key-next", earlier.plusMillis(6))).isTrue();
		assertThat(this.store.find("wx-1", "o-1")).isEqualTo("key-next");
		String name = "wechat-login:session-key:" + Hashes.sha256("wx-1\no-1");
		Map<Object, Object> entry = template.opsForHash().entries(name);
		assertThat(entry).containsOnlyKeys("v", "ts", "h").containsEntry("ts", Long.toString(earlier.toEpochMilli() + 6));
		assertThat(entry.values()).noneMatch((value) -> value.toString().contains("key-next"));
		assertThat(template.getExpire(name)).isBetween(Duration.ofDays(3).toSeconds() - 60, Duration.ofDays(3).toSeconds());
	}

	@Test
	void removeWhenExpectedKeyThenOnlyThatKeyForgotten() {
		this.store.save("wx-1", "o-1", "key-1", Instant.now());
		assertThat(this.store.remove("wx-1", "o-1", "key-0")).isFalse();
		assertThat(this.store.find("wx-1", "o-1")).isEqualTo("key-1");
		assertThat(this.store.remove("wx-1", "o-1", "key-1")).isTrue();
		assertThat(this.store.find("wx-1", "o-1")).isNull();
		assertThat(this.store.remove("wx-1", "o-1", "key-1")).isFalse();
	}

	@Test
	void findWhenAnotherAppIdOrUserThenNothing() {
		this.store.save("wx-1", "o-1", "key-1", Instant.now());
		assertThat(this.store.find("wx-2", "o-1")).isNull();
		assertThat(this.store.find("wx-1", "o-2")).isNull();
		this.store.remove("wx-1", "o-1");
		assertThat(this.store.find("wx-1", "o-1")).isNull();
	}

}
