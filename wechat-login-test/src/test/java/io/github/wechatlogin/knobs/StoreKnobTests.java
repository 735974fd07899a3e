package io.github.wechatlogin.knobs;

import java.util.Set;

import io.github.wechatlogin.integration.RedisServer;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared state in a real {@code redis-server}: {@code wechat.login.store=redis} and the prefix
 * of its keys.
 */
class StoreKnobTests {

	private static final String APP_ID = "wx-knob-store";

	private static final String SECRET = "knob-store-app-secret";

	private static final String PREFIX = "knob-store:";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).build();

	private static RedisServer redis;

	private static KnobApp app;

	private static StringRedisTemplate redisTemplate;

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServer.start();
		simulator.start();
		app = KnobApp.start(KnobApplication.class, simulator, "wechat.login.app-id=" + APP_ID,
				"wechat.login.secret=" + SECRET, "wechat.login.store=redis", "wechat.login.redis.key-prefix=" + PREFIX,
				"wechat.login.session-key.encryption-key=c3RvcmUta25vYi1zZXNzaW9uLWtleS1lbmNyeXB0aW8=",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.getPort(),
				"spring.data.redis.timeout=2s");
		redisTemplate = new StringRedisTemplate(app.bean(RedisConnectionFactory.class));
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(app, simulator, redis);
	}

	@BeforeEach
	void flush() {
		flushAll();
	}

	@Test
	@Knob(properties = "wechat.login.store")
	void storeWhenRedisThenLoginStateLivesInRedisOnly() throws Exception {
		Response first = app.login("/login/wechat", APP_ID, "o-store-1");
		Response second = app.login("/login/wechat", APP_ID, "o-store-2");
		assertThat(redisTemplate.keys("*")).anyMatch((key) -> key.contains("refresh-token"))
			.anyMatch((key) -> key.contains("code"));
		assertThat(app.refresh("/login/wechat/refresh", first.text("refresh_token")).status()).isEqualTo(200);
		flushAll();
		// an in-memory store would still know this refresh token
		Response afterFlush = app.refresh("/login/wechat/refresh", second.text("refresh_token"));
		assertThat(afterFlush.status()).as(afterFlush.body()).isEqualTo(401);
		assertThat(afterFlush.text("error")).isEqualTo("invalid_grant");
	}

	@Test
	@Knob(properties = "wechat.login.redis.key-prefix")
	void keyPrefixWhenSetThenEveryKeyStartsWithIt() throws Exception {
		String token = app.login("/login/wechat", APP_ID, "o-prefix").text("access_token");
		assertThat(app.postBearer("/logout", token).status()).isEqualTo(204);
		Set<String> keys = redisTemplate.keys("*");
		assertThat(keys).isNotEmpty().allMatch((key) -> key.startsWith(PREFIX));
		assertThat(keys).anyMatch((key) -> key.startsWith(PREFIX + "refresh-token:"))
			.anyMatch((key) -> key.startsWith(PREFIX + "access-token:"));
		assertThat(keys).noneMatch((key) -> key.startsWith("wechat-login:"));
	}

	private static void flushAll() {
		redisTemplate.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

}
