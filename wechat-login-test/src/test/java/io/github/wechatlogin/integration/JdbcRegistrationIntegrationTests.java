package io.github.wechatlogin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.wechatlogin.autoconfigure.WeChatRegistrationsEndpoint;
import io.github.wechatlogin.core.CachingWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationChangedEvent;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.jdbc.JdbcWeChatRegistrationRepository;
import io.github.wechatlogin.knobs.Knob;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.RecordedRequest;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.TextEncryptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registrations in a real database ({@code wechat.login.registration-store=jdbc}): two application
 * instances on one database and one {@code redis-server} see rows inserted, disabled, rotated and
 * deleted while they run, within the cache's time to live or at once after an eviction. Run on
 * PostgreSQL and on MariaDB by the subclasses; without the server, skipped locally and failed
 * under {@code CI=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcRegistrationIntegrationTests {

	private static final String SECRET = "jdbc-it-app-secret";

	private static final String TOKEN_SECRET = "jdbc-it-token-secret-0123456789-0123456789";

	/** The time to live of the second instance's cache: changes are seen there within it. */
	private static final Duration SECOND_TTL = Duration.ofSeconds(2);

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final AtomicInteger ids = new AtomicInteger();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private DatabaseServer database;

	private RedisServer redis;

	private WeChatApiSimulator simulator;

	private JdbcTemplate jdbc;

	/** Evicted at once by events, with a long time to live. */
	private ConfigurableApplicationContext first;

	/** A time to live of {@link #SECOND_TTL}, never evicted by the tests but where said. */
	private ConfigurableApplicationContext second;

	/** The second instance's connections, counted. */
	private FailingDataSource secondDataSource;

	private StringRedisTemplate redisTemplate;

	abstract DatabaseServer startDatabase() throws Exception;

	@BeforeAll
	void start() throws Exception {
		this.database = startDatabase();
		this.redis = RedisServer.start();
		this.simulator = WeChatApiSimulator.builder().build().start();
		DataSource dataSource = this.database.dataSource();
		try (Connection connection = dataSource.getConnection()) {
			ScriptUtils.executeSqlScript(connection,
					new ClassPathResource(JdbcWeChatRegistrationRepository.SCHEMA_LOCATION));
		}
		this.jdbc = new JdbcTemplate(dataSource);
		this.first = startInstance("wechat.login.registration-cache.time-to-live=1h",
				"wechat.login.observe-registration-ids=true");
		this.secondDataSource = new FailingDataSource(dataSource);
		this.second = startInstance(this.secondDataSource,
				"wechat.login.registration-cache.time-to-live=" + SECOND_TTL.toMillis() + "ms");
		this.redisTemplate = new StringRedisTemplate(this.first.getBean(RedisConnectionFactory.class));
	}

	@AfterAll
	void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { this.first, this.second, this.simulator, this.redis,
				this.database }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	private ConfigurableApplicationContext startInstance(String... properties) {
		return startInstance(this.database.dataSource(), properties);
	}

	private ConfigurableApplicationContext startInstance(DataSource dataSource, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off", "wechat.login.registration-store=jdbc",
				"wechat.login.api-base-url=" + this.simulator.getBaseUrl(), "wechat.login.token.secret=" + TOKEN_SECRET,
				"wechat.login.store=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.redis.getPort(), "spring.data.redis.timeout=2s",
				"wechat.login.session-key.encryption-key=c2Vzc2lvbi1rZXktZW5jcnlwdGlvbi1rZXktb2YtMzI=",
				"management.endpoints.web.exposure.include=health,wechatlogin",
				"management.endpoint.wechatlogin.access=unrestricted"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(IntegrationTestApplication.class).properties(all.toArray(String[]::new))
			.initializers((context) -> context.getBeanFactory().registerSingleton("dataSource", dataSource))
			.run();
	}

	@BeforeEach
	void reset() {
		this.simulator.reset();
	}

	@Test
	@Knob(properties = "wechat.login.registration-store")
	void loginWhenRowInsertedWhileRunningThenUsersLogInOnBothInstances() throws Exception {
		String id = insert("mini-program", true);
		for (ConfigurableApplicationContext instance : List.of(this.first, this.second)) {
			HttpResponse<String> login = login(instance, id, code(id, "o-inserted"));
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			JsonNode me = JSON.readTree(get(instance, "/api/me", accessToken(login)).body());
			assertThat(me.get("registration_id").asString()).isEqualTo(id);
			assertThat(me.get("app_id").asString()).isEqualTo(appId(id));
		}
		// the second login read the database once on each instance, then the cache
		assertThat(this.simulator.requests(Endpoint.JSCODE2SESSION)).hasSize(2)
			.allSatisfy((request) -> assertThat(request.queryParameter("appid")).isEqualTo(appId(id)));
	}

	@Test
	void loginWhenUnknownRegistrationThenNotFoundWithoutCallingWeChat() throws Exception {
		for (String path : List.of("/login/wechat/no-such-tenant", "/login/wechat/not.an.id", "/login/wechat")) {
			HttpResponse<String> login = send(this.first, HttpRequest.newBuilder(uri(this.first, path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"some-code\"}")));
			assertThat(login.statusCode()).as(path).isEqualTo(404);
			assertThat(login.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(JSON.readTree(login.body()).get("error").asString()).isEqualTo("unknown_registration");
		}
		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isZero();
		assertThat(this.simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
		// the other endpoints below the login path are no registrations
		assertThat(send(this.first, HttpRequest.newBuilder(uri(this.first, "/login/wechat/refresh"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"nope\"}"))).statusCode()).isEqualTo(401);
	}

	@Test
	@Knob(properties = "wechat.login.registration-cache.time-to-live")
	void loginWhenRowInsertedAfterAMissThenSeenAtOnceAfterTheEventAndElsewhereAfterTheTimeToLive()
			throws Exception {
		String id = nextId();
		for (ConfigurableApplicationContext instance : List.of(this.first, this.second)) {
			assertThat(login(instance, id, "code").statusCode()).isEqualTo(404);
		}
		insertRow(id, "mini-program", appId(id), SECRET, true);
		this.simulator.registerApp(appId(id), SECRET);
		// the miss is remembered (a flood of unknown ids does not reach the database each time)
		assertThat(login(this.first, id, code(id, "o-miss")).statusCode()).isEqualTo(404);
		this.first.publishEvent(new WeChatRegistrationChangedEvent(this, id));
		assertThat(login(this.first, id, code(id, "o-miss")).statusCode()).isEqualTo(200);
		// the second instance sees the row once its time to live has passed, without an eviction
		Thread.sleep(SECOND_TTL.toMillis() + 200);
		assertThat(login(this.second, id, code(id, "o-miss")).statusCode()).isEqualTo(200);
	}

	@Test
	void disableWhenRowDisabledThenLoginsRefreshesAndTokensRefusedOnBothInstances() throws Exception {
		String id = insert("multi-app", true);
		HttpResponse<String> login = login(this.first, id, code(id, "o-disabled"));
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		JsonNode tokens = JSON.readTree(login.body());
		assertThat(get(this.second, "/api/me", accessToken(login)).statusCode()).isEqualTo(200);
		this.jdbc.update("UPDATE wechat_login_registration SET enabled = ? WHERE registration_id = ?", false, id);
		changed(id);
		for (ConfigurableApplicationContext instance : List.of(this.first, this.second)) {
			HttpResponse<String> refused = login(instance, id, code(id, "o-disabled"));
			assertThat(refused.statusCode()).isEqualTo(404);
			assertThat(JSON.readTree(refused.body()).get("error").asString()).isEqualTo("unknown_registration");
			assertThat(refresh(instance, tokens.get("refresh_token").asString()).statusCode()).isEqualTo(401);
			assertThat(get(instance, "/api/me", accessToken(login)).statusCode()).isEqualTo(401);
		}
		assertThat(this.simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(1);
		// enabled again: logins work again
		this.jdbc.update("UPDATE wechat_login_registration SET enabled = ? WHERE registration_id = ?", true, id);
		changed(id);
		assertThat(login(this.second, id, code(id, "o-enabled")).statusCode()).isEqualTo(200);
	}

	@Test
	void rotateWhenSecretChangedThenNextExchangeUsesItAndANewAccessTokenIsFetchedOnceForBothInstances()
			throws Exception {
		String id = insert("multi-app", true);
		assertThat(login(this.first, id, code(id, "o-rotate")).statusCode()).isEqualTo(200);
		assertThat(login(this.second, id, code(id, "o-rotate")).statusCode()).isEqualTo(200);
		assertThat(this.simulator.requests(Endpoint.STABLE_TOKEN)).hasSize(1);
		String rotated = SECRET + "-rotated";
		this.simulator.registerApp(appId(id), rotated);
		this.jdbc.update("UPDATE wechat_login_registration SET secret = ? WHERE registration_id = ?", rotated, id);
		changed(id);
		for (ConfigurableApplicationContext instance : List.of(this.first, this.second)) {
			HttpResponse<String> login = login(instance, id, code(id, "o-rotated"));
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		}
		// one fetch with the new secret, shared through Redis; the old token is no longer asked for
		List<RecordedRequest> fetches = this.simulator.requests(Endpoint.STABLE_TOKEN);
		assertThat(fetches).hasSize(2);
		assertThat(fetches.get(1).body()).contains(rotated);
		WeChatRegistration registration = this.first.getBean(WeChatRegistrationRepository.class)
			.findByRegistrationId(id);
		assertThat(this.redisTemplate.keys("wechat-login:access-token:" + appId(id) + ":*"))
			.contains("wechat-login:access-token:" + registration.getAccessTokenCacheKey())
			.allSatisfy((key) -> assertThat(key).doesNotContain(SECRET));
	}

	@Test
	void deleteWhenRowDeletedThenBearerTokensAndRefreshesRefusedOnBothInstances() throws Exception {
		String id = insert("mini-program", true);
		HttpResponse<String> login = login(this.second, id, code(id, "o-deleted"));
		assertThat(login.statusCode()).isEqualTo(200);
		JsonNode tokens = JSON.readTree(login.body());
		assertThat(get(this.first, "/api/me", accessToken(login)).statusCode()).isEqualTo(200);
		this.jdbc.update("DELETE FROM wechat_login_registration WHERE registration_id = ?", id);
		// the first instance at once (the event); the second after its time to live
		this.first.publishEvent(new WeChatRegistrationChangedEvent(this, id));
		assertThat(get(this.first, "/api/me", accessToken(login)).statusCode()).isEqualTo(401);
		Thread.sleep(SECOND_TTL.toMillis() + 200);
		assertThat(get(this.second, "/api/me", accessToken(login)).statusCode()).isEqualTo(401);
		assertThat(refresh(this.second, tokens.get("refresh_token").asString()).statusCode()).isEqualTo(401);
		assertThat(login(this.second, id, code(id, "o-deleted")).statusCode()).isEqualTo(404);
	}

	@Test
	void logoutWhenRowDeletedSinceLoginThenSessionsRevokedAndSessionKeyForgotten() throws Exception {
		String id = insert("mini-program", true);
		HttpResponse<String> login = login(this.first, id, code(id, "o-gone-logout"));
		assertThat(login.statusCode()).isEqualTo(200);
		WeChatSessionKeyStore store = this.first.getBean(WeChatSessionKeyStore.class);
		assertThat(store.find(appId(id), "o-gone-logout")).isNotNull();
		this.jdbc.update("DELETE FROM wechat_login_registration WHERE registration_id = ?", id);
		this.first.publishEvent(new WeChatRegistrationChangedEvent(this, id));
		// logout needs no registration: the key is kept under the app id the token names
		HttpResponse<String> logout = send(this.first, HttpRequest.newBuilder(uri(this.first, "/logout"))
			.header("Authorization", "Bearer " + accessToken(login))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
		assertThat(store.find(appId(id), "o-gone-logout")).isNull();
	}

	@Test
	void isolationWhenTokenOfTenantAThenPrincipalAndTokenSayAAndTenantBsResourcesRefused() throws Exception {
		String a = insert("mini-program", true);
		String b = insert("mini-program", true);
		HttpResponse<String> login = login(this.first, a, code(a, "o-tenant"));
		String token = accessToken(login);
		String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
		assertThat(JSON.readTree(payload).get("registration_id").asString()).isEqualTo(a);
		assertThat(get(this.first, "/api/tenants/" + a + "/ping", token).statusCode()).isEqualTo(200);
		assertThat(get(this.first, "/api/tenants/" + b + "/ping", token).statusCode()).isEqualTo(403);
		// a code of tenant A's app presented at tenant B's endpoint is B's code to WeChat: refused
		HttpResponse<String> crossed = login(this.first, b, code(a, "o-tenant"));
		assertThat(crossed.statusCode()).isEqualTo(401);
	}

	@Test
	void propertiesWhenSameIdInPropertiesAndDatabaseThenThePropertiesWin() throws Exception {
		String fixedAppId = "wx-jdbc-fixed";
		this.simulator.registerApp(fixedAppId, SECRET);
		insertRow("fixed", "mini-program", "wx-jdbc-fixed-row", SECRET, true);
		try (ConfigurableApplicationContext instance = startInstance("wechat.login.apps.fixed.type=mini-program",
				"wechat.login.apps.fixed.app-id=" + fixedAppId, "wechat.login.apps.fixed.secret=" + SECRET)) {
			HttpResponse<String> login = login(instance, "fixed", this.simulator.issueCode(fixedAppId,
					SimulatedUser.miniProgram("o-fixed")));
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			assertThat(JSON.readTree(get(instance, "/api/me", accessToken(login)).body()).get("app_id").asString())
				.isEqualTo(fixedAppId);
		}
		finally {
			this.jdbc.update("DELETE FROM wechat_login_registration WHERE registration_id = ?", "fixed");
		}
	}

	@Test
	@Knob(properties = "wechat.login.registration-cache.maximum-size")
	void maximumSizeWhenZeroThenEveryLookupReadsTheDatabase() throws Exception {
		try (ConfigurableApplicationContext instance = startInstance("wechat.login.registration-cache.maximum-size=0",
				"wechat.login.registration-cache.time-to-live=1h")) {
			String id = insert("mini-program", true);
			assertThat(login(instance, id, code(id, "o-size")).statusCode()).isEqualTo(200);
			this.jdbc.update("UPDATE wechat_login_registration SET enabled = ? WHERE registration_id = ?", false, id);
			// nothing is kept: no eviction needed
			assertThat(login(instance, id, code(id, "o-size")).statusCode()).isEqualTo(404);
			assertThat(((CachingWeChatRegistrationRepository) instance.getBean(WeChatRegistrationRepository.class))
				.size()).isZero();
		}
	}

	@Test
	@Knob(properties = "wechat.login.observe-registration-ids")
	void observeRegistrationIdsWhenSetThenTaggedWithTheIdElseAll() throws Exception {
		String id = insert("mini-program", true);
		assertThat(login(this.first, id, code(id, "o-observed")).statusCode()).isEqualTo(200);
		assertThat(login(this.second, id, code(id, "o-observed")).statusCode()).isEqualTo(200);
		assertThat(timers(this.first, id)).isEqualTo(1);
		// the default with registration-store jdbc: one tag value for every tenant
		assertThat(timers(this.second, id)).isZero();
		assertThat(timers(this.second, "all")).isPositive();
	}

	@Test
	void secretDecoderWhenBeanDefinedThenRowsHoldEncryptedSecrets() throws Exception {
		TextEncryptor encryptor = Encryptors.delux("jdbc-it-password", "5c0744940b5c369b");
		String id = nextId();
		this.simulator.registerApp(appId(id), SECRET);
		String encrypted = encryptor.encrypt(SECRET);
		insertRow(id, "mini-program", appId(id), encrypted, true);
		SpringApplicationBuilder builder = new SpringApplicationBuilder(IntegrationTestApplication.class);
		DataSource dataSource = this.database.dataSource();
		try (ConfigurableApplicationContext instance = builder
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"wechat.login.registration-store=jdbc", "wechat.login.api-base-url=" + this.simulator.getBaseUrl(),
					"wechat.login.token.secret=" + TOKEN_SECRET)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("dataSource", dataSource);
				context.getBeanFactory()
					.registerSingleton("weChatSecretDecoder", (io.github.wechatlogin.jdbc.WeChatSecretDecoder) (
							registrationId, secret) -> encryptor.decrypt(secret));
			})
			.run()) {
			assertThat(login(instance, id, code(id, "o-encrypted")).statusCode()).isEqualTo(200);
			assertThat(this.simulator.requests(Endpoint.JSCODE2SESSION).get(0).queryParameter("secret"))
				.isEqualTo(SECRET);
		}
		// without the decoder the stored text is the secret, which WeChat refuses
		changed(id);
		assertThat(login(this.first, id, code(id, "o-encrypted")).statusCode()).isEqualTo(500);
	}

	@Test
	void actuatorWhenListedThenRegistrationsWithoutSecretsAndEvictionDropsTheCachedOne() throws Exception {
		String id = insert("multi-app", true);
		assertThat(login(this.first, id, code(id, "o-actuator")).statusCode()).isEqualTo(200);
		WeChatRegistrationsEndpoint endpoint = this.first.getBean(WeChatRegistrationsEndpoint.class);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> listed = (List<Map<String, Object>>) endpoint.registrations().get("registrations");
		assertThat(listed).anySatisfy((registration) -> {
			assertThat(registration).containsEntry("registrationId", id)
				.containsEntry("type", "multi-app")
				.containsEntry("appId", appId(id))
				.containsEntry("enabled", true)
				.containsKey("lastLoginAt");
			assertThat(registration.get("lastLoginAt")).isNotNull();
		});
		assertThat(JSON.writeValueAsString(endpoint.registrations())).doesNotContain(SECRET);
		this.jdbc.update("UPDATE wechat_login_registration SET enabled = ? WHERE registration_id = ?", false, id);
		assertThat(login(this.first, id, code(id, "o-actuator")).statusCode()).isEqualTo(200);
		assertThat(endpoint.evict(id)).containsEntry("evicted", true);
		assertThat(login(this.first, id, code(id, "o-actuator")).statusCode()).isEqualTo(404);
		assertThat(endpoint.registration(id)).containsEntry("enabled", false);
		// exposed, but the default chain never lets an app user list or evict registrations
		String tenant = insert("mini-program", true);
		String token = accessToken(login(this.second, tenant, code(tenant, "o-actuator-user")));
		for (ConfigurableApplicationContext instance : List.of(this.first, this.second)) {
			assertThat(get(instance, "/actuator/wechatlogin", token).statusCode()).isEqualTo(403);
			assertThat(send(instance, HttpRequest.newBuilder(uri(instance, "/actuator/wechatlogin/" + id))
				.header("Authorization", "Bearer " + token)
				.DELETE()).statusCode()).isEqualTo(403);
		}
		assertThat(send(this.first, HttpRequest.newBuilder(uri(this.first, "/actuator/wechatlogin")).GET())
			.statusCode()).isEqualTo(401);
	}

	@Test
	void healthWhenJdbcThenTheCachedRegistrationsWithATokenAndNoTableScan() throws Exception {
		String used = insert("multi-app", true);
		String unused = insert("multi-app", true);
		assertThat(login(this.second, used, code(used, "o-health")).statusCode()).isEqualTo(200);
		int connections = this.secondDataSource.connections.get();
		org.springframework.boot.health.contributor.Health health = this.second
			.getBean("weChatLoginHealthIndicator", org.springframework.boot.health.contributor.HealthIndicator.class)
			.health();
		assertThat(health.getDetails()).containsKey(used).doesNotContainKey(unused);
		// the probe never reads the database
		assertThat(this.secondDataSource.connections.get()).isEqualTo(connections);
	}

	@Test
	void lookupWhenIdDiffersFromTheRowsOnlyByCaseThenUnknown() throws Exception {
		String id = insert("mini-program", true);
		String upper = id.toUpperCase(java.util.Locale.ROOT);
		// MariaDB's default collation finds the row 'tenant-n' for 'TENANT-N': another registration
		assertThat(new JdbcWeChatRegistrationRepository(this.jdbc).findByRegistrationId(upper)).isNull();
		HttpResponse<String> login = login(this.first, upper, code(id, "o-case"));
		assertThat(login.statusCode()).as(login.body()).isEqualTo(404);
		assertThat(JSON.readTree(login.body()).get("error").asString()).isEqualTo("unknown_registration");
		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isZero();
		assertThat(login(this.first, id, code(id, "o-case")).statusCode()).isEqualTo(200);
	}

	@Test
	@Knob(properties = "wechat.login.registration-cache.query-timeout")
	void queryTimeoutWhenTheTableIsLockedThenServiceUnavailableWithinTheTimeout() throws Exception {
		String id = insert("mini-program", true);
		try (ConfigurableApplicationContext instance = startInstance(
				"wechat.login.registration-cache.query-timeout=1s");
				Connection locker = this.database.dataSource().getConnection()) {
			boolean postgres = locker.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
			try (java.sql.Statement statement = locker.createStatement()) {
				if (postgres) {
					locker.setAutoCommit(false);
					statement.execute("LOCK TABLE wechat_login_registration IN ACCESS EXCLUSIVE MODE");
				}
				else {
					statement.execute("LOCK TABLES wechat_login_registration WRITE");
				}
				long start = System.nanoTime();
				HttpResponse<String> login = login(instance, id, "some-code");
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(login.statusCode()).as(login.body()).isEqualTo(503);
				assertThat(JSON.readTree(login.body()).get("error").asString()).isEqualTo("upstream_unavailable");
				assertThat(took).isLessThan(Duration.ofSeconds(5));
			}
			finally {
				try (java.sql.Statement statement = locker.createStatement()) {
					if (postgres) {
						locker.rollback();
						locker.setAutoCommit(true);
					}
					else {
						statement.execute("UNLOCK TABLES");
					}
				}
			}
		}
		assertThat(login(this.first, id, code(id, "o-timeout")).statusCode()).isEqualTo(200);
	}

	@Test
	void outageWhenTheDatabaseFailsAtAnyLookupThenServiceUnavailableForLoginsBearerTokensAndRefreshes()
			throws Exception {
		FailingDataSource failing = new FailingDataSource(this.database.dataSource());
		// nothing cached: every step of a request reads the database
		try (ConfigurableApplicationContext instance = startInstance(failing,
				"wechat.login.registration-cache.maximum-size=0")) {
			String id = insert("mini-program", true);
			HttpResponse<String> login = login(instance, id, code(id, "o-outage"));
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			String token = accessToken(login);
			String refreshToken = JSON.readTree(login.body()).get("refresh_token").asString();
			// the database fails after the login filter's lookup, then after the converter's
			for (int allowed : new int[] { 0, 1, 2 }) {
				failing.allow(allowed);
				HttpResponse<String> refused = login(instance, id, code(id, "o-outage"));
				assertThat(refused.statusCode()).as("%s lookups: %s", allowed, refused.body()).isEqualTo(503);
				assertThat(JSON.readTree(refused.body()).get("error").asString()).isEqualTo("upstream_unavailable");
				assertThat(refused.body()).doesNotContain("database is down");
			}
			failing.allow(0);
			assertThat(get(instance, "/api/me", token).statusCode()).isEqualTo(503);
			HttpResponse<String> refreshed = refresh(instance, refreshToken);
			assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(503);
			assertThat(refreshed.body()).doesNotContain("database is down");
			failing.allow(Integer.MAX_VALUE);
			assertThat(get(instance, "/api/me", token).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void loginWhenNotPostThenNoLookupAndUnknownIdsObservedAsAll() throws Exception {
		String id = insert("mini-program", true);
		int connections = this.secondDataSource.connections.get();
		HttpResponse<String> crawler = send(this.second, HttpRequest.newBuilder(uri(this.second, "/login/wechat/" + id))
			.GET());
		assertThat(crawler.statusCode()).isEqualTo(405);
		assertThat(this.secondDataSource.connections.get()).isEqualTo(connections);
		assertThat(login(this.second, "no-such-" + nextId(), "code").statusCode()).isEqualTo(404);
		assertThat(this.second.getBean(MeterRegistry.class)
			.find("wechat.login")
			.tags("registration", "all", "outcome", "unknown_registration")
			.timers()
			.stream()
			.mapToDouble(Timer::count)
			.sum()).isPositive();
	}

	@Test
	void secretDecoderWhenItFailsThenTheRowIsUnknownAndNeitherSecretNorMessageIsLogged() {
		String id = nextId();
		String stored = "stored-secret-" + id;
		insertRow(id, "mini-program", appId(id), stored, true);
		JdbcWeChatRegistrationRepository rows = new JdbcWeChatRegistrationRepository(this.jdbc);
		rows.setSecretDecoder((registrationId, secret) -> {
			throw new IllegalStateException("cannot decrypt " + secret + " (decoder message)");
		});
		// what the repository's logger is given (whatever the console's appender holds)
		ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(JdbcWeChatRegistrationRepository.class);
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
		logged.start();
		logger.addAppender(logged);
		// the level too: another test's application may have left io.github.wechatlogin OFF
		ch.qos.logback.classic.Level level = logger.getLevel();
		logger.setLevel(ch.qos.logback.classic.Level.WARN);
		try {
			assertThat(rows.findByRegistrationId(id)).isNull();
		}
		finally {
			logger.detachAppender(logged);
			logger.setLevel(level);
		}
		String text = logged.list.stream()
			.map((event) -> event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? " " + event.getThrowableProxy().getMessage() : ""))
			.collect(java.util.stream.Collectors.joining("\n"));
		assertThat(text).contains(id).contains("IllegalStateException").doesNotContain(stored)
			.doesNotContain("decoder message");
	}

	/** A {@code DataSource} that counts its connections and fails once it has handed out those allowed. */
	static final class FailingDataSource extends org.springframework.jdbc.datasource.DelegatingDataSource {

		final AtomicInteger connections = new AtomicInteger();

		private final AtomicInteger allowed = new AtomicInteger(Integer.MAX_VALUE);

		FailingDataSource(DataSource dataSource) {
			super(dataSource);
		}

		void allow(int connections) {
			this.allowed.set(connections);
		}

		@Override
		public Connection getConnection() throws java.sql.SQLException {
			this.connections.incrementAndGet();
			if (this.allowed.get() != Integer.MAX_VALUE && this.allowed.getAndDecrement() <= 0) {
				throw new java.sql.SQLTransientConnectionException("database is down");
			}
			return super.getConnection();
		}

	}

	/** Tell both instances, as an admin tool does on each (or waits for the time to live). */
	private void changed(String id) {
		this.first.publishEvent(new WeChatRegistrationChangedEvent(this, id));
		this.second.publishEvent(new WeChatRegistrationChangedEvent(this, id));
	}

	private double timers(ConfigurableApplicationContext instance, String registration) {
		return instance.getBean(MeterRegistry.class)
			.find("wechat.login")
			.tags("registration", registration)
			.timers()
			.stream()
			.mapToDouble(Timer::count)
			.sum();
	}

	private String insert(String type, boolean enabled) {
		String id = nextId();
		this.simulator.registerApp(appId(id), SECRET);
		insertRow(id, type, appId(id), SECRET, enabled);
		return id;
	}

	private void insertRow(String id, String type, String appId, String secret, boolean enabled) {
		this.jdbc.update("INSERT INTO wechat_login_registration (registration_id, type, app_id, secret, enabled) "
				+ "VALUES (?, ?, ?, ?, ?)", id, type, appId, secret, enabled);
	}

	private static String nextId() {
		return "tenant-" + ids.incrementAndGet();
	}

	private static String appId(String id) {
		return "wx-" + id;
	}

	private String code(String id, String openid) {
		return this.simulator.issueCode(appId(id), SimulatedUser.miniProgram(openid, "u-" + openid));
	}

	private static String accessToken(HttpResponse<String> login) {
		return JSON.readTree(login.body()).get("access_token").asString();
	}

	private HttpResponse<String> login(ConfigurableApplicationContext instance, String id, String code)
			throws Exception {
		return send(instance, HttpRequest.newBuilder(uri(instance, "/login/wechat/" + id))
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

	private HttpResponse<String> send(ConfigurableApplicationContext instance, HttpRequest.Builder request)
			throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext instance, String path) {
		int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
