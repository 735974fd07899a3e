package io.github.wechatlogin.knobs;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.core.Hashes;
import io.github.wechatlogin.integration.RedisServer;
import io.github.wechatlogin.redis.WeChatSessionKeyCipher;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeys;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-side {@code session_key}: {@code wechat.login.session-key.*} and the app keys of
 * virtual payment, over HTTP through an application's controller and, for the Redis store, in a
 * real {@code redis-server}.
 */
class SessionKeyKnobTests {

	private static final String APP_ID = "wx-knob-session-key";

	private static final String SHOP_APP_ID = "wx-knob-session-key-shop";

	private static final String SECRET = "knob-session-key-app-secret";

	private static final String ENCRYPTION_KEY = "a25vYi1zZXNzaW9uLWtleS1lbmNyeXB0aW9uLWtleSE=";

	private static final String SIGN_DATA = "{\"offerId\":\"1450000000\",\"buyQuantity\":1,\"outTradeNo\":\"k-1\"}";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(APP_ID, SECRET)
		.app(SHOP_APP_ID, SECRET)
		.build();

	private static RedisServer redis;

	@BeforeAll
	static void start() throws Exception {
		simulator.start();
		redis = RedisServer.start();
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(simulator, redis);
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	@Knob(properties = { "wechat.login.app-key", "wechat.login.apps.<name>.app-key" })
	void appKeyWhenSetThenPaySigIsItsHmacOfUriAndBody() throws Exception {
		try (KnobApp app = startApp("wechat.login.app-key=default-app-key", "wechat.login.apps.shop.type=mini-program",
				"wechat.login.apps.shop.app-id=" + SHOP_APP_ID, "wechat.login.apps.shop.secret=" + SECRET,
				"wechat.login.apps.shop.app-key=shop-app-key")) {
			Response signed = sign(app, app.login("/login/wechat", APP_ID, "o-pay").text("access_token"));
			assertThat(signed.status()).as(signed.body()).isEqualTo(200);
			assertThat(signed.text("pay_sig")).isEqualTo(hmac("default-app-key", "requestVirtualPayment&" + SIGN_DATA));
			Response shop = sign(app, app.login("/login/wechat/shop", SHOP_APP_ID, "o-pay").text("access_token"));
			assertThat(shop.text("pay_sig")).isEqualTo(hmac("shop-app-key", "requestVirtualPayment&" + SIGN_DATA));
			assertThat(shop.text("signature"))
				.isEqualTo(hmac(simulator.sessionKey(SHOP_APP_ID, "o-pay"), SIGN_DATA));
		}
	}

	@Test
	@Knob(properties = "wechat.login.session-key.time-to-live")
	void timeToLiveWhenShortThenKeyForgottenAfterIt() throws Exception {
		try (KnobApp app = startApp("wechat.login.app-key=k", "wechat.login.session-key.time-to-live=1s")) {
			String accessToken = app.login("/login/wechat", APP_ID, "o-ttl").text("access_token");
			assertThat(sign(app, accessToken).status()).isEqualTo(200);
			Thread.sleep(1500);
			Response expired = sign(app, accessToken);
			assertThat(expired.status()).as(expired.body()).isEqualTo(401);
			assertThat(expired.text("error")).isEqualTo("session_key_missing");
		}
	}

	@Test
	@Knob(properties = "wechat.login.session-key.encryption-key")
	void encryptionKeyWhenRedisThenValuesDecryptOnlyWithItUnderTheirKeyName() throws Exception {
		try (KnobApp app = startApp("wechat.login.app-key=k", "wechat.login.store=redis",
				"wechat.login.session-key.encryption-key=" + ENCRYPTION_KEY,
				"wechat.login.session-key.time-to-live=10m", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.getPort())) {
			StringRedisTemplate redisTemplate = new StringRedisTemplate(app.bean(RedisConnectionFactory.class));
			app.login("/login/wechat", APP_ID, "o-redis");
			String sessionKey = simulator.sessionKey(APP_ID, "o-redis");
			String name = "wechat-login:session-key:" + Hashes.sha256(APP_ID + "\no-redis");
			String value = redisTemplate.<String, String>opsForHash().get(name, "v");
			assertThat(value).isNotNull().doesNotContain(sessionKey);
			assertThat(WeChatSessionKeyCipher.fromBase64(ENCRYPTION_KEY).decrypt(value, name)).isEqualTo(sessionKey);
			assertThat(new WeChatSessionKeyCipher(new byte[32]).decrypt(value, name)).isNull();
			// the time to live of the Redis store
			assertThat(redisTemplate.getExpire(name, TimeUnit.SECONDS)).isBetween(590L, 600L);
		}
	}

	@Test
	@Knob(properties = "wechat.login.session-key.enabled")
	void enabledWhenFalseThenNoKeyKeptAndRedisNeedsNoEncryptionKey() throws Exception {
		try (KnobApp app = startApp("wechat.login.store=redis", "wechat.login.session-key.enabled=false",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.getPort())) {
			StringRedisTemplate redisTemplate = new StringRedisTemplate(app.bean(RedisConnectionFactory.class));
			redisTemplate.execute((RedisCallback<Object>) (connection) -> {
				connection.serverCommands().flushAll();
				return null;
			});
			String accessToken = app.login("/login/wechat", APP_ID, "o-off").text("access_token");
			assertThat(app.context.getBeanProvider(WeChatSessionKeyStore.class).getIfAvailable()).isNull();
			Response response = sign(app, accessToken);
			assertThat(response.status()).isEqualTo(404);
			Set<String> keys = redisTemplate.keys("*");
			assertThat(keys).isNotEmpty().noneMatch((key) -> key.startsWith("wechat-login:session-key:"));
			String sessionKey = simulator.sessionKey(APP_ID, "o-off");
			for (String key : keys) {
				if ("string".equals(redisTemplate.type(key).code())) {
					assertThat(redisTemplate.opsForValue().get(key)).doesNotContain(sessionKey);
				}
			}
		}
	}

	@Test
	@Knob(properties = "wechat.login.session-key.exception-handler")
	void exceptionHandlerWhenFalseThenLeftToTheApplication() throws Exception {
		try (KnobApp defaults = startApp()) {
			Response missing = sign(defaults, defaults.login("/login/wechat", APP_ID, "o-handled").text("access_token"));
			assertThat(missing.status()).isEqualTo(500);
			assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
			assertThat(missing.text("error")).isEqualTo("server_misconfigured");
		}
		try (KnobApp app = startApp("wechat.login.session-key.exception-handler=false")) {
			Response response = sign(app, app.login("/login/wechat", APP_ID, "o-unhandled").text("access_token"));
			// the exception's own status, rendered by Spring Boot's error handling, not ours
			assertThat(response.status()).as(response.body()).isEqualTo(500);
			assertThat(String.valueOf(response.header("Content-Type"))).doesNotStartWith("application/problem+json");
			assertThat(response.body()).doesNotContain("server_misconfigured");
			assertThat(app.context.getBeanNamesForType(io.github.wechatlogin.web.WeChatSessionKeyExceptionHandler.class))
				.isEmpty();
		}
		// the exception is an ErrorResponseException: Spring's problem details render it with its error
		try (KnobApp app = startApp("wechat.login.session-key.exception-handler=false",
				"spring.mvc.problemdetails.enabled=true")) {
			Response response = sign(app, app.login("/login/wechat", APP_ID, "o-spring").text("access_token"));
			assertThat(response.status()).as(response.body()).isEqualTo(500);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.text("error")).isEqualTo("server_misconfigured");
			assertThat(response.body()).doesNotContain("Exception");
		}
	}

	private static KnobApp startApp(String... properties) {
		String[] all = new String[properties.length + 3];
		all[0] = "wechat.login.type=mini-program";
		all[1] = "wechat.login.app-id=" + APP_ID;
		all[2] = "wechat.login.secret=" + SECRET;
		System.arraycopy(properties, 0, all, 3, properties.length);
		return KnobApp.start(SessionKeyApplication.class, simulator, all);
	}

	private static Response sign(KnobApp app, String accessToken) throws Exception {
		return app.send(app.request("/api/sign")
			.header("Authorization", "Bearer " + accessToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(SIGN_DATA)));
	}

	private static String hmac(String key, String message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SessionKeyApplication.SignController.class)
	static class SessionKeyApplication {

		/**
		 * Signs a virtual payment's signData with the caller's session key and the app key.
		 */
		@RestController
		static class SignController {

			private final ObjectProvider<WeChatSessionKeys> sessionKeys;

			SignController(ObjectProvider<WeChatSessionKeys> sessionKeys) {
				this.sessionKeys = sessionKeys;
			}

			@PostMapping("/api/sign")
			ResponseEntity<Map<String, Object>> sign(@AuthenticationPrincipal WeChatUser user,
					@RequestBody String signData) {
				WeChatSessionKeys keys = this.sessionKeys.getIfAvailable();
				if (keys == null) {
					return ResponseEntity.notFound().build();
				}
				return ResponseEntity.ok(Map.of("signature", keys.userSignature(user, signData), "pay_sig",
						keys.paySignature(user.getRegistrationId(), "requestVirtualPayment", signData)));
			}

		}

	}

}
