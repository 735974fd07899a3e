package io.github.wechatlogin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeys;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances sharing one real {@code redis-server} and one simulator act as one:
 * one access-token fetch between them, codes and tokens valid (or refused) on both, logout
 * honoured everywhere, and an outage answered with 503 that heals without a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisScaleOutIntegrationTests {

	private static final String APP_ID = "wx-redis-multi";

	private static final String SECRET = "redis-it-app-secret";

	private static final String MINI_PROGRAM_ID = "wx-redis-mini";

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String SESSION_KEY_ENCRYPTION_KEY = "c2Vzc2lvbi1rZXktZW5jcnlwdGlvbi1rZXktb2YtMzI=";

	private static RedisServer redis;

	private static WeChatApiSimulator simulator;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static StringRedisTemplate redisTemplate;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServer.start();
		simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).app(MINI_PROGRAM_ID, SECRET).build().start();
		first = startInstance();
		second = startInstance();
		redisTemplate = new StringRedisTemplate(first.getBean(RedisConnectionFactory.class));
	}

	@AfterAll
	static void stop() throws Exception {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
		if (simulator != null) {
			simulator.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	private static ConfigurableApplicationContext startInstance() {
		return new SpringApplicationBuilder(IntegrationTestApplication.class).properties("server.port=0",
				"wechat.login.app-id=" + APP_ID, "wechat.login.secret=" + SECRET,
				"wechat.login.api-base-url=" + simulator.getBaseUrl(),
				"wechat.login.token.secret=redis-it-token-secret-0123456789-0123456789", "wechat.login.store=redis",
				"wechat.login.apps.classic.type=mini-program", "wechat.login.apps.classic.app-id=" + MINI_PROGRAM_ID,
				"wechat.login.apps.classic.secret=" + SECRET,
				"wechat.login.session-key.encryption-key=" + SESSION_KEY_ENCRYPTION_KEY,
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.getPort(),
				"spring.data.redis.timeout=500ms", "spring.data.redis.connect-timeout=500ms")
			.run();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
		redisTemplate.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	@Test
	@Order(1) // first, while no instance has a token in its local cache
	void accessTokenWhenConcurrentLoginsOnBothInstancesThenOneFetchBetweenThem() throws Exception {
		simulator.setLatency(Duration.ofMillis(100));
		int perInstance = 10;
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 2 * perInstance; i++) {
			codes.add(simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-c" + i, null)));
		}
		ExecutorService executor = Executors.newFixedThreadPool(2 * perInstance);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < codes.size(); i++) {
				ConfigurableApplicationContext instance = (i % 2 == 0) ? first : second;
				String code = codes.get(i);
				statuses.add(executor.submit(() -> {
					go.await();
					return login(instance, code).statusCode();
				}));
			}
			go.countDown();
			for (Future<Integer> status : statuses) {
				assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(2 * perInstance);
	}

	@Test
	void codeWhenRedeemedOnOneInstanceThenRefusedOnTheOtherWithoutCallingWeChat() throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-replay", null));
		assertThat(login(first, code).statusCode()).isEqualTo(200);
		int calls = simulator.requestCount(Endpoint.CODE2VERIFYINFO);
		HttpResponse<String> replay = login(second, code);
		assertThat(replay.statusCode()).isEqualTo(401);
		assertThat(JSON.readTree(replay.body()).get("error").stringValue()).isEqualTo("invalid_code");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(calls);
	}

	@Test
	void tokensWhenIssuedByOneInstanceThenWorkOnTheOther() throws Exception {
		JsonNode tokens = JSON.readTree(login(first, simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-both", null))).body());
		assertThat(get(second, "/api/me", tokens.get("access_token").stringValue()).statusCode()).isEqualTo(200);
		HttpResponse<String> refreshed = refresh(second, tokens.get("refresh_token").stringValue());
		assertThat(refreshed.statusCode()).isEqualTo(200);
		// the rotated-out refresh token is known as used on the first instance too
		HttpResponse<String> reused = refresh(first, tokens.get("refresh_token").stringValue());
		assertThat(reused.statusCode()).isEqualTo(401);
		assertThat(JSON.readTree(reused.body()).get("error").stringValue()).isEqualTo("invalid_grant");
		String rotatedAccess = JSON.readTree(refreshed.body()).get("access_token").stringValue();
		assertThat(get(first, "/api/me", rotatedAccess).statusCode()).isEqualTo(401);
	}

	@Test
	void logoutWhenOnOneInstanceThenHonouredByTheOther() throws Exception {
		JsonNode tokens = JSON.readTree(login(first, simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-out", null))).body());
		String accessToken = tokens.get("access_token").stringValue();
		assertThat(get(second, "/api/me", accessToken).statusCode()).isEqualTo(200);
		assertThat(post(first, "/logout", accessToken).statusCode()).isEqualTo(204);
		assertThat(get(second, "/api/me", accessToken).statusCode()).isEqualTo(401);
		assertThat(refresh(second, tokens.get("refresh_token").stringValue()).statusCode()).isEqualTo(401);
	}

	@Test
	void keysWhenLoggedInThenPrefixedWithAppIdAndNoSecretOrCode() throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-keys", null));
		JsonNode tokens = JSON.readTree(login(first, code).body());
		Set<String> keys = redisTemplate.keys("*");
		assertThat(keys).allMatch((key) -> key.startsWith("wechat-login:"));
		assertThat(keys).anyMatch((key) -> key.startsWith("wechat-login:code:" + APP_ID + ":"))
			.anyMatch((key) -> key.equals("wechat-login:access-token:" + APP_ID + ":"
					+ first.getBean(WeChatRegistrationRepository.class).findByRegistrationId("default").getSecretFingerprint()))
			.anyMatch((key) -> key.startsWith("wechat-login:refresh-token:"));
		StringBuilder everything = new StringBuilder(String.join(" ", keys));
		for (String key : keys) {
			if (!key.contains("lock")) {
				everything.append(' ').append(redisTemplate.opsForValue().get(key));
			}
		}
		assertThat(everything.toString()).doesNotContain(code)
			.doesNotContain(SECRET)
			.doesNotContain(tokens.get("refresh_token").stringValue());
		assertThat(redisTemplate.getExpire("wechat-login:code:" + keys.stream()
			.filter((key) -> key.startsWith("wechat-login:code:"))
			.findFirst()
			.orElseThrow()
			.substring("wechat-login:code:".length()), TimeUnit.SECONDS)).isBetween(1L, 300L);
	}

	@Test
	void outageWhenRedisDownThenServiceUnavailableAndHealsWithoutRestart() throws Exception {
		JsonNode tokens = JSON.readTree(login(first, simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-outage", null))).body());
		redis.stop();
		try {
			long start = System.nanoTime();
			HttpResponse<String> login = login(first, simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-down", null)));
			assertThat(login.statusCode()).isEqualTo(503);
			assertThat(login.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(JSON.readTree(login.body()).get("error").stringValue()).isEqualTo("upstream_unavailable");
			HttpResponse<String> bearer = get(second, "/api/me", tokens.get("access_token").stringValue());
			assertThat(bearer.statusCode()).isEqualTo(503);
			assertThat(refresh(second, tokens.get("refresh_token").stringValue()).statusCode()).isEqualTo(503);
			HttpResponse<String> logout = post(first, "/logout", tokens.get("access_token").stringValue());
			assertThat(logout.statusCode()).isEqualTo(503);
			assertThat(logout.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			// each of the four waits at most the 500 ms command timeout; without it a Redis command
			// would wait Lettuce's 60 s (and this test's HTTP client give up after 20 s)
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			// nothing piles up: further requests fail fast while Redis is down. Without failing fast each
			// would wait the 500 ms command timeout, 20 s for the 40 of them at the very least; failing
			// fast they take milliseconds (and one probe of Redis a second), so half of that bounds them
			// however loaded the machine
			int requests = 40;
			Duration eachWithoutFailingFast = Duration.ofMillis(500);
			long fast = System.nanoTime();
			for (int i = 0; i < requests; i++) {
				assertThat(get(second, "/api/me", tokens.get("access_token").stringValue()).statusCode()).isEqualTo(503);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - fast))
				.isLessThan(eachWithoutFailingFast.multipliedBy(requests).dividedBy(2));
		}
		finally {
			redis.restart();
		}
		int status = 0;
		for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
			Thread.sleep(200);
			status = get(second, "/api/me", tokens.get("access_token").stringValue()).statusCode();
		}
		assertThat(status).isEqualTo(200);
		assertThat(login(first, simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-healed", null))).statusCode())
			.isEqualTo(200);
	}

	@Test
	void phoneNumberWhenMiniProgramOnBothInstancesThenOneSharedAccessTokenAndCodesClaimedForBoth() throws Exception {
		List<String> accessTokens = new ArrayList<>();
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-phone", null));
			HttpResponse<String> login = send(instance, HttpRequest.newBuilder(uri(instance, "/login/wechat/classic"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			String accessToken = JSON.readTree(login.body()).get("access_token").stringValue();
			accessTokens.add(accessToken);
			HttpResponse<String> bound = bindPhoneNumber(instance, accessToken,
					simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-phone", "13800138000"));
			assertThat(bound.statusCode()).as(bound.body()).isEqualTo(200);
		}
		// the mini program's access token, fetched once for both instances
		assertThat(simulator.requests(Endpoint.STABLE_TOKEN)).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains(MINI_PROGRAM_ID));
		// a phone code used on one instance is refused on the other without calling WeChat
		String code = simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-phone", "13800138001");
		assertThat(bindPhoneNumber(first, accessTokens.get(0), code).statusCode()).isEqualTo(200);
		int calls = simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER);
		assertThat(bindPhoneNumber(second, accessTokens.get(1), code).statusCode()).isEqualTo(401);
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(calls);
	}

	@Test
	void sessionKeyWhenLoggedInOnOneInstanceThenUsableOnTheOtherNeverPlainInRedisAndGoneAfterLogout()
			throws Exception {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-key", null));
		HttpResponse<String> login = send(first, HttpRequest.newBuilder(uri(first, "/login/wechat/classic"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String sessionKey = simulator.sessionKey(MINI_PROGRAM_ID, "o-key");
		// the other instance knows the key: it decrypts data encrypted with it
		WeChatUser user = WeChatUser.withRegistration("classic", MINI_PROGRAM_ID)
			.identity((identity) -> identity.openid("o-key").loginType(SimulatedUser.WEIXIN_MINI_PROGRAM))
			.build();
		WeChatApiSimulator.EncryptedData data = simulator.encryptForUser(MINI_PROGRAM_ID, "o-key", "{\"step\":7}");
		assertThat(second.getBean(WeChatSessionKeys.class).decrypt(user, data.encryptedData(), data.iv()))
			.contains("\"step\":7");
		// no value in Redis holds the key in plain text (base64, without padding, hex, raw bytes)
		byte[] raw = Base64.getDecoder().decode(sessionKey);
		List<String> forms = List.of(sessionKey, sessionKey.replace("=", ""), HexFormat.of().formatHex(raw),
				new String(raw, StandardCharsets.ISO_8859_1));
		Set<String> keys = redisTemplate.keys("*");
		assertThat(keys).anyMatch((key) -> key.startsWith("wechat-login:session-key:"));
		for (String key : keys) {
			assertThat(key).doesNotContain("o-key");
			for (String value : values(key)) {
				for (String form : forms) {
					assertThat(value).as("the value of %s", key).doesNotContain(form);
				}
			}
		}
		String stored = keys.stream().filter((key) -> key.startsWith("wechat-login:session-key:")).findFirst().get();
		assertThat(redisTemplate.getExpire(stored, TimeUnit.SECONDS)).isBetween(Duration.ofDays(3).minusMinutes(1).toSeconds(),
				Duration.ofDays(3).toSeconds());
		// logout on the other instance forgets it everywhere
		String accessToken = JSON.readTree(login.body()).get("access_token").stringValue();
		assertThat(post(second, "/logout", accessToken).statusCode()).isEqualTo(204);
		assertThat(first.getBean(WeChatSessionKeyStore.class).find(MINI_PROGRAM_ID, "o-key")).isNull();
		assertThat(redisTemplate.keys("*")).noneMatch((key) -> key.startsWith("wechat-login:session-key:"));
	}

	private static List<String> values(String key) {
		DataType type = redisTemplate.type(key);
		return switch (type) {
			case STRING -> List.of(String.valueOf(redisTemplate.opsForValue().get(key)));
			case HASH -> redisTemplate.<String, String>opsForHash()
				.entries(key)
				.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + entry.getValue())
				.toList();
			case SET -> List.copyOf(redisTemplate.opsForSet().members(key));
			case LIST -> redisTemplate.opsForList().range(key, 0, -1);
			case ZSET -> List.copyOf(redisTemplate.opsForZSet().range(key, 0, -1));
			default -> List.of();
		};
	}

	private HttpResponse<String> bindPhoneNumber(ConfigurableApplicationContext instance, String accessToken,
			String code) throws Exception {
		return send(instance, HttpRequest.newBuilder(uri(instance, "/login/wechat/phone-number"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + accessToken)
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
	}

	private HttpResponse<String> login(ConfigurableApplicationContext instance, String code) throws Exception {
		return send(instance, HttpRequest.newBuilder(uri(instance, "/login/wechat"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
	}

	private HttpResponse<String> refresh(ConfigurableApplicationContext instance, String refreshToken)
			throws Exception {
		return send(instance, HttpRequest.newBuilder(uri(instance, "/login/wechat/refresh"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"" + refreshToken + "\"}")));
	}

	private HttpResponse<String> get(ConfigurableApplicationContext instance, String path, String bearer)
			throws Exception {
		return send(instance, HttpRequest.newBuilder(uri(instance, path)).header("Authorization", "Bearer " + bearer).GET());
	}

	private HttpResponse<String> post(ConfigurableApplicationContext instance, String path, String bearer)
			throws Exception {
		return send(instance, HttpRequest.newBuilder(uri(instance, path))
			.header("Authorization", "Bearer " + bearer)
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpResponse<String> send(ConfigurableApplicationContext instance, HttpRequest.Builder request)
			throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext instance, String path) {
		return URI.create("http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + path);
	}

}
