package io.github.wechatlogin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wechatlogin.autoconfigure.WeChatLoginConfigurationException;
import io.github.wechatlogin.knobs.Knob;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The starter bounds its own Redis waits: an application that sets no
 * {@code spring.data.redis.timeout} (Lettuce then waits 60 seconds for each command) still answers
 * a login during a Redis outage with a quick 503, whether {@code redis-server} is gone (its port
 * refuses connections) or frozen (its port accepts connections and never answers), and logs in
 * again once Redis is back, without a restart. {@code wechat.login.redis.timeout} sets the bound.
 */
class RedisTimeoutIntegrationTests {

	private static final String APP_ID = "wx-redis-timeout";

	private static final String SECRET = "redis-timeout-it-app-secret";

	private static final Duration LETTUCE_DEFAULT_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * The bound asserted on the one login answered during an outage: four times the default
	 * {@code wechat.login.redis.timeout}, generous for a loaded build machine, and far below the
	 * 60 seconds that the application's own Lettuce timeout would give.
	 */
	private static final Duration OUTAGE_LOGIN_BOUND = Duration.ofSeconds(2);

	private static final AtomicInteger users = new AtomicInteger();

	private static RedisServer redis;

	private static WeChatApiSimulator simulator;

	private static ConfigurableApplicationContext defaults;

	private static ConfigurableApplicationContext slower;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServer.start();
		simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).build().start();
		defaults = startInstance();
		slower = startInstance("wechat.login.redis.timeout=1500ms");
	}

	@AfterAll
	static void stop() throws Exception {
		if (defaults != null) {
			defaults.close();
		}
		if (slower != null) {
			slower.close();
		}
		if (simulator != null) {
			simulator.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	private static ConfigurableApplicationContext startInstance(String... properties) {
		// no spring.data.redis.timeout and no spring.data.redis.connect-timeout: Lettuce's defaults
		return new SpringApplicationBuilder(IntegrationTestApplication.class)
			.properties("server.port=0", "wechat.login.app-id=" + APP_ID, "wechat.login.secret=" + SECRET,
					"wechat.login.api-base-url=" + simulator.getBaseUrl(),
					"wechat.login.token.secret=redis-timeout-it-token-secret-0123456789-0123456789",
					"wechat.login.store=redis",
					"wechat.login.session-key.encryption-key=c2Vzc2lvbi1rZXktZW5jcnlwdGlvbi1rZXktb2YtMzI=",
					"spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.getPort())
			.properties(properties)
			.run();
	}

	@Test
	void templateWhenNoSpringRedisTimeoutThenOwnFactoryWithDefaultTimeoutAndApplicationFactoryUntouched() {
		assertThat(commandTimeout(defaults.getBean(RedisConnectionFactory.class))).isEqualTo(LETTUCE_DEFAULT_TIMEOUT);
		assertThat(defaults.getBeansOfType(RedisConnectionFactory.class)).hasSize(1);
		RedisConnectionFactory template = template(defaults).getConnectionFactory();
		assertThat(template).isNotSameAs(defaults.getBean(RedisConnectionFactory.class));
		assertThat(commandTimeout(template)).isEqualTo(Duration.ofMillis(500));
		assertThat(commandTimeout(template(slower).getConnectionFactory())).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void loginWhenRedisKilledThenServiceUnavailableQuicklyAndHealsWhenItIsBack() throws Exception {
		assertThat(login(defaults).status()).isEqualTo(200);
		redis.stop();
		try {
			String code = newCode();
			Timed<Response> login = timed(() -> login(defaults, code));
			report("Redis killed", login);
			assertOutageAnswer(login.value());
			assertThat(login.elapsed()).isLessThan(OUTAGE_LOGIN_BOUND);
		}
		finally {
			redis.restart();
		}
		assertLogsInAgain(defaults);
	}

	@Test
	void loginWhenRedisFrozenThenServiceUnavailableQuicklyAndHealsWhenItGoesOn() throws Exception {
		assertThat(login(defaults).status()).isEqualTo(200);
		redis.pause();
		try {
			String code = newCode();
			Timed<Response> login = timed(() -> login(defaults, code));
			report("Redis frozen", login);
			assertOutageAnswer(login.value());
			assertThat(login.elapsed()).isLessThan(OUTAGE_LOGIN_BOUND);
		}
		finally {
			redis.resume();
		}
		assertLogsInAgain(defaults);
	}

	@Test
	@Knob(properties = "wechat.login.redis.timeout")
	void loginWhenTimeoutSetAndRedisFrozenThenWaitsThatLongAndNoLonger() throws Exception {
		assertThat(login(slower).status()).isEqualTo(200);
		redis.pause();
		try {
			String code = newCode();
			Timed<Response> login = timed(() -> login(slower, code));
			report("Redis frozen, wechat.login.redis.timeout=1500ms", login);
			assertOutageAnswer(login.value());
			assertThat(login.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(1500))
				.isLessThan(Duration.ofMillis(1500).plus(OUTAGE_LOGIN_BOUND));
		}
		finally {
			redis.resume();
		}
		assertLogsInAgain(slower);
	}

	@Test
	void startWhenTimeoutNotPositiveThenFailsNamingTheProperty() {
		assertThatException().isThrownBy(() -> startInstance("wechat.login.redis.timeout=0ms").close())
			.havingRootCause()
			.isInstanceOf(WeChatLoginConfigurationException.class)
			.withMessageContaining("Set wechat.login.redis.timeout to a positive duration");
	}

	private static void assertOutageAnswer(Response login) {
		assertThat(login.status()).isEqualTo(503);
		assertThat(login.header("Retry-After")).isEqualTo("5");
		assertThat(login.json().get("error").stringValue()).isEqualTo("upstream_unavailable");
	}

	private void assertLogsInAgain(ConfigurableApplicationContext instance) throws Exception {
		// the Redis parts fail at once for a second after a failure, then probe Redis again
		int status = 0;
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (status != 200 && System.nanoTime() < deadline) {
			Thread.sleep(200);
			status = login(instance).status();
		}
		assertThat(status).as("a login once Redis is back").isEqualTo(200);
	}

	private Response login(ConfigurableApplicationContext instance) throws Exception {
		return login(instance, newCode());
	}

	private static String newCode() {
		return simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-timeout-" + users.incrementAndGet(), null));
	}

	private Response login(ConfigurableApplicationContext instance, String code) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(instance, "/login/wechat"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"))
			.timeout(Duration.ofSeconds(90))
			.build();
		return Response.of(this.http.send(request, HttpResponse.BodyHandlers.ofString()));
	}

	private static StringRedisTemplate template(ConfigurableApplicationContext instance) {
		return instance.getBean("weChatLoginRedisTemplate", StringRedisTemplate.class);
	}

	private static Duration commandTimeout(RedisConnectionFactory factory) {
		assertThat(factory).isInstanceOf(LettuceConnectionFactory.class);
		return ((LettuceConnectionFactory) factory).getClientConfiguration().getCommandTimeout();
	}

	private static URI uri(ConfigurableApplicationContext instance, String path) {
		return URI.create("http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + path);
	}

	private static <T> Timed<T> timed(Call<T> call) throws Exception {
		long start = System.nanoTime();
		T value = call.call();
		return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
	}

	private static void report(String situation, Timed<Response> login) {
		System.out.println(situation + ": the login answered " + login.value().status() + " in "
				+ login.elapsed().toMillis() + " ms");
	}

	@FunctionalInterface
	private interface Call<T> {

		T call() throws Exception;

	}

	private record Timed<T>(T value, Duration elapsed) {
	}

}
