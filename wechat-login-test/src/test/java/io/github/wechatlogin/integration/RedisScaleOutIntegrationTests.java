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
import org.junit.jupiter.api.TestInstance;
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
 * honoured everywhere, and an outage answered with 503 that heals without a restart. One suite on
 * both stacks: {@link RedisScaleOutIntegrationServletTests} (Spring MVC) and
 * {@link RedisScaleOutIntegrationReactiveTests} (WebFlux, where the code guard is on the reactive
 * Redis API).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisScaleOutIntegrationTests {

	static final String APP_ID = "wx-redis-multi";

	static final String SECRET = "redis-it-app-secret";

	static final String MINI_PROGRAM_ID = "wx-redis-mini";

	static final JsonMapper JSON = JsonMapper.shared();

	private static final String SESSION_KEY_ENCRYPTION_KEY = "c2Vzc2lvbi1rZXktZW5jcnlwdGlvbi1rZXktb2YtMzI=";

	RedisServer redis;

	WeChatApiSimulator simulator;

	ConfigurableApplicationContext first;

	ConfigurableApplicationContext second;

	StringRedisTemplate redisTemplate;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/**
	 * The stack both instances run on.
	 * @return {@code servlet} or {@code reactive}
	 */
	abstract String webApplicationType();

	@BeforeAll
	void start() throws Exception {
		redis = RedisServer.start();
		simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).app(MINI_PROGRAM_ID, SECRET).build().start();
		first = startInstance();
		second = startInstance();
		redisTemplate = new StringRedisTemplate(first.getBean(RedisConnectionFactory.class));
	}

	@AfterAll
	void stop() throws Exception {
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

	private ConfigurableApplicationContext startInstance() {
		return new SpringApplicationBuilder(IntegrationTestApplication.class).properties("server.port=0",
				"spring.main.web-application-type=" + webApplicationType(),
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

	HttpResponse<String> bindPhoneNumber(ConfigurableApplicationContext instance, String accessToken,
			String code) throws Exception {
		return send(instance, HttpRequest.newBuilder(uri(instance, "/login/wechat/phone-number"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + accessToken)
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
	}

	HttpResponse<String> login(ConfigurableApplicationContext instance, String code) throws Exception {
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

	HttpResponse<String> post(ConfigurableApplicationContext instance, String path, String bearer)
			throws Exception {
		return send(instance, HttpRequest.newBuilder(uri(instance, path))
			.header("Authorization", "Bearer " + bearer)
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	HttpResponse<String> send(ConfigurableApplicationContext instance, HttpRequest.Builder request)
			throws Exception {
		// on WebFlux a new client, with a connection of its own, for the keep-alive race of Reactor
		// Netty 1.3.6 (docs/webflux-and-gateway.md, "Known issues")
		HttpClient client = "reactive".equals(webApplicationType()) ? TestHttpClients.http11() : this.http;
		return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	URI uri(ConfigurableApplicationContext instance, String path) {
		return URI.create("http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + path);
	}

}
