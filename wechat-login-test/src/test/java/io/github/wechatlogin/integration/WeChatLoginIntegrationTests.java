package io.github.wechatlogin.integration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.github.wechatlogin.integration.IntegrationTestApplication.AuthenticationEvents;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the auto-configured WeChat login: a real server on a random port, the
 * simulator on loopback, real HTTP in between. One suite, two stacks: run on Spring MVC
 * ({@link WeChatLoginIntegrationServletTests}) and on WebFlux
 * ({@link WeChatLoginIntegrationReactiveTests}).
 */
@SpringBootTest(classes = IntegrationTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wechat.login.app-id=" + WeChatLoginIntegrationTests.MULTI_APP_ID,
				"wechat.login.secret=" + WeChatLoginIntegrationTests.SECRET,
				"wechat.login.redirect-path=pages/index/index",
				"wechat.login.token.secret=" + WeChatLoginIntegrationTests.TOKEN_SECRET,
				"wechat.login.apps.classic.type=mini-program",
				"wechat.login.apps.classic.app-id=" + WeChatLoginIntegrationTests.MINI_PROGRAM_ID,
				"wechat.login.apps.classic.secret=" + WeChatLoginIntegrationTests.SECRET,
				"wechat.login.client.read-timeout=1s", "logging.level.io.github.wechatlogin=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
abstract class WeChatLoginIntegrationTests {

	static final String MULTI_APP_ID = "wx-it-multi";

	static final String MINI_PROGRAM_ID = "wx-it-mini";

	static final String SECRET = "it-app-secret-0123456789";

	static final String TOKEN_SECRET = "it-token-secret-0123456789-0123456789-abcdef";

	/** One simulator for both stacks' applications; stopped when the JVM exits. */
	static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(MULTI_APP_ID, SECRET)
		.app(MINI_PROGRAM_ID, SECRET)
		.build()
		.start();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
	}

	final HttpClient http = TestHttpClients.http11();

	@Value("${spring.main.web-application-type:servlet}")
	private String stack;

	/**
	 * The client for a request: on WebFlux a new one, with a connection of its own, for Reactor
	 * Netty 1.3.6 (Spring Boot 4.0.7's) may leave a request that arrives on a kept-alive
	 * connection while the previous exchange completes unread until the next read
	 * (reactor/reactor-netty#4347, #4361; docs/webflux-and-gateway.md, "Known issues").
	 */
	HttpClient http() {
		return "reactive".equals(this.stack) ? TestHttpClients.http11() : this.http;
	}

	@LocalServerPort
	private int port;

	@Autowired
	private AuthenticationEvents events;

	@DynamicPropertySource
	static void simulatorProperties(DynamicPropertyRegistry registry) {
		registry.add("wechat.login.api-base-url", simulator::getBaseUrl);
	}

	@BeforeEach
	void resetSimulator() {
		simulator.reset();
		this.events.events.clear();
	}

	@Test
	void loginWhenMultiAppCodeThenTokenAndIdentity() throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-1", "u-1"));
		Response response = post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		JsonNode body = response.json();
		assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").intValue()).isEqualTo(7200);
		assertThat(body.get("openid").stringValue()).isEqualTo("o-1");
		assertThat(body.get("unionid").stringValue()).isEqualTo("u-1");
		assertThat(body.get("redirect_path").stringValue()).isEqualTo("pages/index/index");
		assertThat(body.has("session_key")).isFalse();
		assertThat(response.body()).doesNotContain(SECRET);
		Response me = get("/api/me", body.get("access_token").stringValue());
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("openid").stringValue()).isEqualTo("o-1");
		assertThat(me.json().get("app_id").stringValue()).isEqualTo(MULTI_APP_ID);
		assertThat(me.json().get("registration_id").stringValue()).isEqualTo("default");
		assertThat(me.json().get("authorities").get(0).stringValue()).isEqualTo("ROLE_USER");
	}

	@Test
	void refreshWhenValidThenRotatedTokensWithoutCallingWeChat() throws Exception {
		JsonNode login = loginJson("o-refresh");
		String refreshToken = login.get("refresh_token").stringValue();
		assertThat(refreshToken).hasSize(43);
		int calls = simulator.requestCount(Endpoint.CODE2VERIFYINFO) + simulator.requestCount(Endpoint.STABLE_TOKEN);
		Response refreshed = post("/login/wechat/refresh", "application/json",
				"{\"refresh_token\":\"" + refreshToken + "\"}");
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(refreshed.header("Cache-Control")).isEqualTo("no-store");
		JsonNode body = refreshed.json();
		assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").intValue()).isEqualTo(7200);
		assertThat(body.get("openid").stringValue()).isEqualTo("o-refresh");
		assertThat(body.get("refresh_token").stringValue()).isNotEqualTo(refreshToken);
		assertThat(body.get("access_token").stringValue()).isNotEqualTo(login.get("access_token").stringValue());
		Response me = get("/api/me", body.get("access_token").stringValue());
		assertThat(me.json().get("openid").stringValue()).isEqualTo("o-refresh");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO) + simulator.requestCount(Endpoint.STABLE_TOKEN))
			.isEqualTo(calls);
		Response form = post("/login/wechat/refresh", "application/x-www-form-urlencoded",
				"refresh_token=" + body.get("refresh_token").stringValue());
		assertThat(form.status()).isEqualTo(200);
	}

	@Test
	void refreshWhenRotatedOutTokenPresentedAgainThenWholeSessionRevoked() throws Exception {
		JsonNode login = loginJson("o-reuse-refresh");
		String first = login.get("refresh_token").stringValue();
		JsonNode second = post("/login/wechat/refresh", "application/json", "{\"refresh_token\":\"" + first + "\"}")
			.json();
		assertProblem(post("/login/wechat/refresh", "application/json", "{\"refresh_token\":\"" + first + "\"}"), 401,
				"invalid_grant");
		assertProblem(post("/login/wechat/refresh", "application/json",
				"{\"refresh_token\":\"" + second.get("refresh_token").stringValue() + "\"}"), 401, "invalid_grant");
		assertThat(get("/api/me", second.get("access_token").stringValue()).status()).isEqualTo(401);
		assertThat(get("/api/me", login.get("access_token").stringValue()).status()).isEqualTo(401);
	}

	@Test
	void logoutThenAccessTokenAndRefreshTokenRefused() throws Exception {
		JsonNode login = loginJson("o-logout");
		String accessToken = login.get("access_token").stringValue();
		JsonNode other = loginJson("o-logout");
		Response logout = postWithBearer("/logout", accessToken);
		assertThat(logout.status()).as(logout.body()).isEqualTo(204);
		Response me = get("/api/me", accessToken);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.json().get("error").stringValue()).isEqualTo("invalid_token");
		assertProblem(post("/login/wechat/refresh", "application/json",
				"{\"refresh_token\":\"" + login.get("refresh_token").stringValue() + "\"}"), 401, "invalid_grant");
		assertThat(postWithBearer("/logout", accessToken).status()).isEqualTo(401);
		// another login session of the same user is not logged out
		assertThat(get("/api/me", other.get("access_token").stringValue()).status()).isEqualTo(200);
	}

	@Test
	void logoutWhenNoOrBadTokenThenUnauthorized() throws Exception {
		Response none = post("/logout", "application/json", "{}");
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
		Response bad = postWithBearer("/logout", "not.a.token");
		assertThat(bad.status()).isEqualTo(401);
		assertThat(bad.json().get("error").stringValue()).isEqualTo("invalid_token");
	}

	@Test
	void refreshWhenMalformedThenBadRequestOrMethodNotAllowed() throws Exception {
		assertProblem(post("/login/wechat/refresh", "application/json", "{}"), 400, "invalid_request");
		assertProblem(post("/login/wechat/refresh", "application/json", "{\"refresh_token\":7}"), 400,
				"invalid_request");
		assertProblem(post("/login/wechat/refresh", "text/plain", "x"), 400, "invalid_request");
		assertProblem(post("/login/wechat/refresh", "application/json", "{\"refresh_token\":\"" + "x".repeat(43) + "\"}"),
				401, "invalid_grant");
		HttpResponse<String> get = http().send(HttpRequest.newBuilder(uri("/login/wechat/refresh")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(get.statusCode()).isEqualTo(405);
	}

	@Test
	void loginWhenMiniProgramRegistrationThenLogsInAtItsPath() throws Exception {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-classic", null));
		Response response = post("/login/wechat/classic", "application/x-www-form-urlencoded", "code=" + code);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("openid").stringValue()).isEqualTo("o-classic");
		assertThat(response.json().get("unionid").isNull()).isTrue();
		assertThat(response.body()).doesNotContain("session_key");
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
		Response me = get("/api/me", response.json().get("access_token").stringValue());
		assertThat(me.json().get("registration_id").stringValue()).isEqualTo("classic");
		assertThat(me.json().get("app_id").stringValue()).isEqualTo(MINI_PROGRAM_ID);
	}

	@Test
	void loginWhenRedirectPathAllowedThenAnswered() throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-r", null));
		Response response = post("/login/wechat", "application/json",
				"{\"code\":\"" + code + "\",\"redirectPath\":\"pages/detail/index?id=7\"}");
		assertThat(response.json().get("redirect_path").stringValue()).isEqualTo("pages/detail/index?id=7");
	}

	@Test
	void preAuthorizeWhenPrincipalOpenidMatchesThenAllowedElseForbidden() throws Exception {
		String owner = login("o-owner");
		String other = login("o-other");
		assertThat(get("/api/owner", owner).status()).isEqualTo(200);
		Response forbidden = get("/api/owner", other);
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");
		assertThat(forbidden.json().get("error").stringValue()).isEqualTo("access_denied");
		assertThat(get("/api/admin", owner).status()).isEqualTo(403);
	}

	@Test
	void bearerWhenMissingThenUnauthorizedWithChallenge() throws Exception {
		Response response = get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("error").stringValue()).isEqualTo("unauthorized");
		assertThat(response.json().get("status").intValue()).isEqualTo(401);
	}

	@Test
	void bearerWhenTamperedThenUnauthorized() throws Exception {
		String token = login("o-tamper");
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace("o-tamper", "o-owner");
		String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
		Response response = get("/api/owner", forged);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token")
			.doesNotContain("Jwt").doesNotContain("signature");
		assertThat(response.json().get("error").stringValue()).isEqualTo("invalid_token");
		assertThat(response.body()).doesNotContain(forged);
	}

	@Test
	void bearerWhenUnsignedThenUnauthorized() throws Exception {
		String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
		String payload = Base64.getUrlEncoder().withoutPadding()
			.encodeToString(("{\"sub\":\"o-owner\",\"openid\":\"o-owner\",\"app_id\":\"" + MULTI_APP_ID
					+ "\",\"registration_id\":\"default\",\"login_type\":\"weixinMiniProgram\",\"exp\":9999999999}")
				.getBytes());
		assertThat(get("/api/owner", header + "." + payload + ".").status()).isEqualTo(401);
	}

	@Test
	void loginWhenCodeReusedThenInvalidCode() throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-reuse", null));
		assertThat(post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}").status()).isEqualTo(200);
		int calls = simulator.requestCount(Endpoint.CODE2VERIFYINFO);
		Response second = post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}");
		assertProblem(second, 401, "invalid_code");
		// the replay is refused by the used-code guard, without asking WeChat again
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(calls);
		assertThat(this.events.events).hasAtLeastOneElementOfType(AuthenticationFailureBadCredentialsEvent.class);
	}

	@Test
	void loginWhenMiniProgramCodeReusedThenRefusedWithoutCallingWeChat() throws Exception {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-reuse-classic", null));
		assertThat(post("/login/wechat/classic", "application/json", "{\"code\":\"" + code + "\"}").status())
			.isEqualTo(200);
		for (int i = 0; i < 2; i++) {
			assertProblem(post("/login/wechat/classic", "application/json", "{\"code\":\"" + code + "\"}"), 401,
					"invalid_code");
		}
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
	}

	@ParameterizedTest
	@CsvSource({ "/login/wechat, CODE2VERIFYINFO", "/login/wechat/classic, JSCODE2SESSION" })
	void loginWhenJunkCodePresentedTwiceThenWeChatAskedBothTimesAndBothInvalidCode(String path, Endpoint endpoint)
			throws Exception {
		// WeChat answers a code it never issued with 10001001 (code2verifyinfo) or 40029
		// (jscode2session): the claim is given back, so junk does not fill the used-code guard
		String appId = (endpoint == Endpoint.JSCODE2SESSION) ? MINI_PROGRAM_ID : MULTI_APP_ID;
		String code = simulator.issueCode(appId, SimulatedUser.miniProgram("o-before-junk-" + endpoint, null));
		// a real login first, so that the multi-app access token is fresh (the simulator was reset)
		assertThat(post(path, "application/json", "{\"code\":\"" + code + "\"}").status()).isEqualTo(200);
		int calls = simulator.requestCount(endpoint);
		String junk = "junk-" + endpoint;
		for (int i = 0; i < 2; i++) {
			assertProblem(post(path, "application/json", "{\"code\":\"" + junk + "\"}"), 401, "invalid_code");
		}
		assertThat(simulator.requestCount(endpoint)).isEqualTo(calls + 2);
		assertThat(simulator.requests(endpoint).subList(calls, calls + 2))
			.allSatisfy((request) -> assertThat(request.query()).containsValue(junk));
	}

	@Test
	void loginWhenWeChatSaysCodeAlreadyUsedThenReplayRefusedWithoutCallingWeChat() throws Exception {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-used-elsewhere", null));
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.errcode(40163));
		for (int i = 0; i < 2; i++) {
			assertProblem(post("/login/wechat/classic", "application/json", "{\"code\":\"" + code + "\"}"), 401,
					"invalid_code");
		}
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
	}

	@Test
	void loginWhenUpstreamTimedOutThenCodeNotSentAgain() throws Exception {
		// WeChat may have redeemed the code before the timeout: the claim is kept
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-timed-out", null));
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.delay(Duration.ofSeconds(3)));
		assertProblem(post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}"), 503,
				"upstream_unavailable");
		assertProblem(post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}"), 401,
				"invalid_code");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(1);
	}

	@ParameterizedTest
	@CsvSource({ "40226, 403, user_blocked", "45011, 429, rate_limited", "-1, 503, upstream_unavailable",
			"10001003, 500, server_misconfigured", "10001001, 401, invalid_code", "10001000, 401, invalid_code" })
	void loginWhenWeChatAnswersErrcodeThenDocumentedProblem(int errcode, int status, String error) throws Exception {
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(errcode));
		Response response = post("/login/wechat", "application/json", "{\"code\":\"code-" + errcode + "\"}");
		assertProblem(response, status, error);
		if (status == 429) {
			assertThat(response.header("Retry-After")).isEqualTo("60");
		}
		if (status == 503) {
			assertThat(response.header("Retry-After")).isEqualTo("5");
		}
	}

	@Test
	void loginWhenUpstreamUnavailableThenCodeMayBeTriedAgain() throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-again", null));
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(-1));
		assertProblem(post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}"), 503,
				"upstream_unavailable");
		Response retry = post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}");
		assertThat(retry.status()).as(retry.body()).isEqualTo(200);
	}

	@Test
	void loginWhenUpstreamTimesOutThenServiceUnavailable() throws Exception {
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.delay(Duration.ofSeconds(3)));
		Response response = post("/login/wechat", "application/json", "{\"code\":\"slow\"}");
		assertProblem(response, 503, "upstream_unavailable");
		assertThat(response.header("Retry-After")).isEqualTo("5");
		assertThat(this.events.events).hasAtLeastOneElementOfType(AuthenticationFailureServiceExceptionEvent.class);
	}

	@Test
	void loginWhenSuccessThenSuccessEventPublished() throws Exception {
		login("o-event");
		assertThat(this.events.events).hasAtLeastOneElementOfType(AuthenticationSuccessEvent.class);
	}

	@Test
	void loginWhenMalformedRequestsThenBadRequestAndWeChatNeverCalled() throws Exception {
		List<String[]> requests = List.of(new String[] { "application/json", "{}" },
				new String[] { "application/json", "{\"code\":\"\"}" },
				new String[] { "application/json", "{\"code\":\"   \"}" },
				new String[] { "application/json", "{\"code\":42}" },
				new String[] { "application/json", "{\"code\":[\"a\"]}" },
				new String[] { "application/json", "{\"code\":\"a\",\"code\":\"b\"}" },
				new String[] { "application/json", "{\"code\":\"a\\u0000b\"}" },
				new String[] { "application/json", "{\"code\":\"" + "x".repeat(500) + "\"}" },
				new String[] { "application/json", "[\"code\"]" }, new String[] { "application/json", "not json" },
				new String[] { "application/json", "{\"code\":\"abc\",\"redirectPath\":\"https://evil.example\"}" },
				new String[] { "application/json", "{\"code\":\"abc\",\"pad\":\"" + "p".repeat(10_000) + "\"}" },
				new String[] { "text/plain", "abc" }, new String[] { "application/x-www-form-urlencoded", "x=1" },
				new String[] { "application/x-www-form-urlencoded", "code=a&code=b" });
		for (String[] request : requests) {
			Response response = post("/login/wechat", request[0], request[1]);
			assertProblem(response, 400, "invalid_request");
		}
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isZero();
	}

	@Test
	void loginWhenGetThenMethodNotAllowed() throws Exception {
		HttpResponse<String> response = http().send(
				HttpRequest.newBuilder(uri("/login/wechat?code=abc")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
	}

	@Test
	void loginRefreshLogoutWhenDebugLoggingThenNoSecretInOutput(CapturedOutput output) throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-log", null));
		Response response = post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}");
		String accessToken = response.json().get("access_token").stringValue();
		String refreshToken = response.json().get("refresh_token").stringValue();
		get("/api/me", accessToken);
		Response refreshed = post("/login/wechat/refresh", "application/json",
				"{\"refresh_token\":\"" + refreshToken + "\"}");
		String newRefreshToken = refreshed.json().get("refresh_token").stringValue();
		postWithBearer("/logout", refreshed.json().get("access_token").stringValue());
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(10001003));
		post("/login/wechat", "application/json", "{\"code\":\"code-for-misconfig\"}");
		String wechatAccessToken = simulator.requests(Endpoint.CODE2VERIFYINFO).get(0).queryParameter("access_token");
		assertThat(output.getAll()).contains("errcode 10001003")
			.doesNotContain(SECRET)
			.doesNotContain(TOKEN_SECRET)
			.doesNotContain(accessToken)
			.doesNotContain(refreshToken)
			.doesNotContain(newRefreshToken)
			.doesNotContain(wechatAccessToken)
			.doesNotContain(code);
	}

	void assertProblem(Response response, int status, String error) throws IOException {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").intValue()).isEqualTo(status);
		assertThat(problem.get("error").stringValue()).isEqualTo(error);
		assertThat(problem.get("title").stringValue()).isNotBlank();
		assertThat(problem.get("detail").stringValue()).isNotBlank();
		assertThat(response.body()).doesNotContain(SECRET).doesNotContain("Exception").doesNotContain("\tat ");
	}

	String login(String openid) throws Exception {
		return loginJson(openid).get("access_token").stringValue();
	}

	JsonNode loginJson(String openid) throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram(openid, null));
		Response response = post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	Response postWithBearer(String path, String bearer) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + bearer)
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30))
			.build();
		return Response.of(http().send(request, HttpResponse.BodyHandlers.ofString()));
	}

	Response post(String path, String contentType, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(30))
			.build();
		return Response.of(http().send(request, HttpResponse.BodyHandlers.ofString()));
	}

	Response get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(30));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return Response.of(http().send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
