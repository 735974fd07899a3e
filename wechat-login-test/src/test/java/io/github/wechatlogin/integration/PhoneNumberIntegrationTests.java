package io.github.wechatlogin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.WeChatAuthenticationProvider;
import io.github.wechatlogin.authentication.WeChatPhoneNumberBoundEvent;
import io.github.wechatlogin.authentication.WeChatPhoneNumberHandler;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserRequest;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.client.WeChatPhoneNumber;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.RecordedRequest;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phone number endpoint and the sign-up with a phone number code, end to end: a real server
 * on a random port, the simulator on loopback. The default registration is a classic mini
 * program; {@code multi} a multi-terminal application, which has no phone number codes.
 */
@SpringBootTest(classes = PhoneNumberIntegrationTests.PhoneApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wechat.login.type=mini-program", "wechat.login.app-id=" + PhoneNumberIntegrationTests.APP_ID,
				"wechat.login.secret=" + PhoneNumberIntegrationTests.SECRET,
				"wechat.login.token.secret=phone-it-token-secret-0123456789-0123456789",
				"wechat.login.apps.multi.type=multi-app", "wechat.login.apps.multi.app-id=" + PhoneNumberIntegrationTests.MULTI_APP_ID,
				"wechat.login.apps.multi.secret=" + PhoneNumberIntegrationTests.SECRET,
				"wechat.login.client.read-timeout=1s" })
class PhoneNumberIntegrationTests {

	static final String APP_ID = "wx-phone-it";

	static final String MULTI_APP_ID = "wx-phone-it-multi";

	static final String SECRET = "phone-it-app-secret-0123456789";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(APP_ID, SECRET)
		.app(MULTI_APP_ID, SECRET)
		.build()
		.start();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private Recorder recorder;

	@DynamicPropertySource
	static void simulatorProperties(DynamicPropertyRegistry registry) {
		registry.add("wechat.login.api-base-url", simulator::getBaseUrl);
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
		this.recorder.clear();
	}

	@Test
	void bindWhenHandlerGrantsAuthorityThenFreshTokensOfTheSameSession() throws Exception {
		JsonNode login = login("o-bind");
		String accessToken = login.get("access_token").stringValue();
		String code = simulator.issuePhoneCode(APP_ID, "o-bind", "13800138000");
		Response response = bind(accessToken, code);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		JsonNode body = response.json();
		assertThat(body.get("phone_number").stringValue()).isEqualTo("13800138000");
		assertThat(body.get("pure_phone_number").stringValue()).isEqualTo("13800138000");
		assertThat(body.get("country_code").stringValue()).isEqualTo("86");
		// the handler saw the caller and the number
		assertThat(this.recorder.bound).singleElement().satisfies((call) -> {
			assertThat(call.user().getOpenid()).isEqualTo("o-bind");
			assertThat(call.user().getRegistrationId()).isEqualTo("default");
			assertThat(call.phoneNumber().purePhoneNumber()).isEqualTo("13800138000");
		});
		assertThat(this.recorder.events).singleElement().satisfies((event) -> {
			assertThat(event.getUser().getPhone()).isEqualTo("13800138000");
			assertThat(event.getUser().getAuthorities()).extracting(GrantedAuthority::getAuthority)
				.contains("ROLE_VERIFIED");
			assertThat(event.toString()).doesNotContain("13800138000");
		});
		// WeChat was asked with the caller's openid
		RecordedRequest upstream = simulator.requests(Endpoint.GET_USER_PHONE_NUMBER).get(0);
		assertThat(upstream.method()).isEqualTo("POST");
		assertThat(upstream.query()).containsKey("access_token");
		JsonNode sent = JsonMapper.shared().readTree(upstream.body());
		assertThat(sent.get("openid").stringValue()).isEqualTo("o-bind");
		assertThat(sent.get("code").stringValue()).isEqualTo(code);
		// fresh tokens, in the same session, with the new authority
		assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(body.get("refresh_token").stringValue()).hasSize(43);
		String fresh = body.get("access_token").stringValue();
		JsonNode oldClaims = claims(accessToken);
		JsonNode newClaims = claims(fresh);
		assertThat(newClaims.get("sid").stringValue()).isEqualTo(oldClaims.get("sid").stringValue());
		assertThat(newClaims.get("auth_time").longValue()).isEqualTo(oldClaims.get("auth_time").longValue());
		assertThat(newClaims.get("registration_id").stringValue()).isEqualTo("default");
		assertThat(newClaims.has("phone")).isFalse();
		Response me = get("/api/me", fresh);
		assertThat(me.json().get("authorities").toString()).contains("ROLE_VERIFIED");
		// the token the request came with is replaced
		assertThat(get("/api/me", accessToken).status()).isEqualTo(401);
		// the fresh refresh token works, and the user service is asked again
		Response refreshed = post("/login/wechat/refresh", "application/json",
				"{\"refresh_token\":\"" + body.get("refresh_token").stringValue() + "\"}", null);
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
	}

	@Test
	void bindWhenHandlerLeavesTheUserThenNoTokens() throws Exception {
		String accessToken = login("o-keep").get("access_token").stringValue();
		Response response = bind(accessToken, simulator.issuePhoneCode(APP_ID, "o-keep", "13900139000"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().has("access_token")).isFalse();
		assertThat(response.json().get("phone_number").stringValue()).isEqualTo("13900139000");
		assertThat(this.recorder.events).hasSize(1);
		assertThat(get("/api/me", accessToken).status()).isEqualTo(200);
	}

	@Test
	void bindWhenHandlerRefusesThenAccessDeniedAndNoEvent() throws Exception {
		String accessToken = login("o-refused").get("access_token").stringValue();
		Response response = bind(accessToken, simulator.issuePhoneCode(APP_ID, "o-refused", "13800138009"));
		assertProblem(response, 403, "access_denied");
		assertThat(response.body()).doesNotContain("13800138009");
		assertThat(this.recorder.events).isEmpty();
	}

	@Test
	void bindWhenHandlerFailsThenUnavailableAndNoEvent() throws Exception {
		String accessToken = login("o-broken").get("access_token").stringValue();
		Response response = bind(accessToken, simulator.issuePhoneCode(APP_ID, "o-broken", "13800138008"));
		assertProblem(response, 503, "upstream_unavailable");
		assertThat(response.header("Retry-After")).isEqualTo("5");
		assertThat(this.recorder.events).isEmpty();
	}

	@Test
	void bindWhenCodeOfAnotherUserThenRefusedAndStillValidForItsOwner() throws Exception {
		String victimCode = simulator.issuePhoneCode(APP_ID, "o-victim", "13700137000");
		String attacker = login("o-attacker").get("access_token").stringValue();
		Response refused = bind(attacker, victimCode);
		assertProblem(refused, 401, "invalid_code");
		assertThat(refused.body()).doesNotContain("13700137000");
		assertThat(this.recorder.bound).isEmpty();
		assertThat(this.recorder.events).isEmpty();
		Response owner = bind(login("o-victim").get("access_token").stringValue(), victimCode);
		assertThat(owner.status()).as(owner.body()).isEqualTo(200);
	}

	@Test
	void bindWhenCodeReusedThenRefusedWithoutCallingWeChat() throws Exception {
		String accessToken = login("o-reuse").get("access_token").stringValue();
		String code = simulator.issuePhoneCode(APP_ID, "o-reuse", "13600136000");
		Response first = bind(accessToken, code);
		assertThat(first.status()).isEqualTo(200);
		int calls = simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER);
		assertProblem(bind(first.json().get("access_token").stringValue(), code), 401, "invalid_code");
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(calls);
	}

	@Test
	void bindWhenPhoneCodeIsALoginCodeThenNoCollisionInTheGuard() throws Exception {
		// the same text claimed as a login code does not block it as a phone number code
		String accessToken = login("o-namespace").get("access_token").stringValue();
		String code = simulator.issuePhoneCode(APP_ID, "o-namespace", "13500135000");
		Response asLogin = post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}", null);
		assertProblem(asLogin, 401, "invalid_code");
		assertThat(bind(accessToken, code).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@CsvSource({ "-1, 503, upstream_unavailable, 5", "45011, 429, rate_limited, 60",
			"40013, 500, server_misconfigured, ", "40029, 401, invalid_code, " })
	void bindWhenWeChatAnswersErrcodeThenMapped(int errcode, int status, String error, String retryAfter)
			throws Exception {
		String accessToken = login("o-errcode").get("access_token").stringValue();
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(errcode));
		Response response = bind(accessToken, simulator.issuePhoneCode(APP_ID, "o-errcode", "13400134000"));
		assertProblem(response, status, error);
		assertThat(response.header("Retry-After")).isEqualTo(retryAfter);
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(1);
	}

	@Test
	void bindWhenWeChatUnavailableThenTheSameCodeWorksLater() throws Exception {
		String accessToken = login("o-retry").get("access_token").stringValue();
		String code = simulator.issuePhoneCode(APP_ID, "o-retry", "13300133000");
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(-1));
		assertProblem(bind(accessToken, code), 503, "upstream_unavailable");
		assertThat(bind(accessToken, code).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@CsvSource({ "40001", "42001" })
	void bindWhenAccessTokenRefusedThenRefreshedOnceAndRetried(int errcode) throws Exception {
		String accessToken = login("o-token").get("access_token").stringValue();
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(errcode));
		Response response = bind(accessToken, simulator.issuePhoneCode(APP_ID, "o-token", "13200132000"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(2);
	}

	@Test
	void bindWhenAccessTokenRefusedTwiceThenUnavailable() throws Exception {
		String accessToken = login("o-token2").get("access_token").stringValue();
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(40001));
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(40001));
		Response response = bind(accessToken, simulator.issuePhoneCode(APP_ID, "o-token2", "13200132001"));
		assertProblem(response, 503, "upstream_unavailable");
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(2);
	}

	@Test
	void bindWhenAccessTokensInvalidatedAtWeChatThenFetchesANewOne() throws Exception {
		String accessToken = login("o-keep").get("access_token").stringValue();
		assertThat(bind(accessToken, simulator.issuePhoneCode(APP_ID, "o-keep", "13100131000")).status())
			.isEqualTo(200);
		simulator.invalidateAccessTokens(APP_ID);
		Response response = bind(accessToken, simulator.issuePhoneCode(APP_ID, "o-keep", "13100131001"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void bindWhenCountryCodeIsANumberThenAccepted() throws Exception {
		String accessToken = login("o-number").get("access_token").stringValue();
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.body("text/plain",
				"{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"+85261234567\","
						+ "\"purePhoneNumber\":\"61234567\",\"countryCode\":852}}"));
		Response response = bind(accessToken, "any-code-the-fault-answers");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("country_code").stringValue()).isEqualTo("852");
		assertThat(response.json().get("phone_number").stringValue()).isEqualTo("+85261234567");
	}

	@Test
	void bindWithoutBearerTokenThenUnauthorized() throws Exception {
		Response response = post("/login/wechat/phone-number", "application/json", "{\"code\":\"abc\"}", null);
		assertProblem(response, 401, "unauthorized");
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		Response invalid = post("/login/wechat/phone-number", "application/json", "{\"code\":\"abc\"}", "not-a-jwt");
		assertProblem(invalid, 401, "invalid_token");
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isZero();
	}

	@Test
	void bindWhenHostileInputThenInvalidRequestWithoutCallingWeChat() throws Exception {
		String accessToken = login("o-hostile").get("access_token").stringValue();
		String path = "/login/wechat/phone-number";
		assertProblem(post(path, "application/json", "{\"code\":", accessToken), 400, "invalid_request");
		assertProblem(post(path, "application/json", "[]", accessToken), 400, "invalid_request");
		assertProblem(post(path, "application/json", "{}", accessToken), 400, "invalid_request");
		assertProblem(post(path, "application/json", "{\"code\":\"\"}", accessToken), 400, "invalid_request");
		assertProblem(post(path, "application/json", "{\"code\":42}", accessToken), 400, "invalid_request");
		assertProblem(post(path, "application/json", "{\"code\":\"a\",\"code\":\"b\"}", accessToken), 400,
				"invalid_request");
		assertProblem(post(path, "application/json", "{\"code\":\"" + "x".repeat(129) + "\"}", accessToken), 400,
				"invalid_request");
		assertProblem(post(path, "application/json", "{\"code\":\"" + "x".repeat(10_000) + "\"}", accessToken), 400,
				"invalid_request");
		assertProblem(post(path, "application/json", "{\"code\":\"a\\u0000b\"}", accessToken), 400,
				"invalid_request");
		assertProblem(post(path + "?code=abc", "application/json", "{\"code\":\"abc\"}", accessToken), 400,
				"invalid_request");
		assertProblem(post(path, "text/plain", "abc", accessToken), 400, "invalid_request");
		Response get = get(path, accessToken);
		assertProblem(get, 405, "invalid_request");
		assertThat(get.header("Allow")).isEqualTo("POST");
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isZero();
		// a form works like JSON
		String code = simulator.issuePhoneCode(APP_ID, "o-hostile", "13000130000");
		assertThat(post(path, "application/x-www-form-urlencoded", "code=" + code, accessToken).status())
			.isEqualTo(200);
	}

	@Test
	void bindWhenMultiTerminalAppThenInvalidRequestWithoutCallingWeChat() throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-multi", null));
		Response login = post("/login/wechat/multi", "application/json", "{\"code\":\"" + code + "\"}", null);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		Response response = bind(login.json().get("access_token").stringValue(), "some-phone-code");
		assertProblem(response, 400, "invalid_request");
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isZero();
	}

	@Test
	void signUpWithPhoneCodeThenUserServiceSeesThePhoneNumber() throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-signup", null));
		String phoneCode = simulator.issuePhoneCode(APP_ID, "o-signup", "13812345678");
		Response response = post("/login/wechat", "application/json",
				"{\"code\":\"" + code + "\",\"phoneCode\":\"" + phoneCode + "\"}", null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("13812345678");
		assertThat(this.recorder.logins).singleElement().satisfies((request) -> {
			assertThat(request.identity().getOpenid()).isEqualTo("o-signup");
			assertThat(request.identity().getPhone()).isEqualTo("13812345678");
			assertThat(request.identity().getAttributes().get(WeChatAuthenticationProvider.PHONE_INFO_ATTRIBUTE))
				.isEqualTo(Map.of("phoneNumber", "13812345678", "purePhoneNumber", "13812345678", "countryCode", "86"));
		});
		JsonNode sent = JsonMapper.shared()
			.readTree(simulator.requests(Endpoint.GET_USER_PHONE_NUMBER).get(0).body());
		assertThat(sent.get("openid").stringValue()).isEqualTo("o-signup");
		// the user service granted ROLE_VERIFIED to a user with a phone number
		Response me = get("/api/me", response.json().get("access_token").stringValue());
		assertThat(me.json().get("authorities").toString()).contains("ROLE_VERIFIED");
		assertThat(claims(response.json().get("access_token").stringValue()).has("phone")).isFalse();
	}

	@Test
	void signUpWithPhoneCodeAsFormThenUserServiceSeesThePhoneNumber() throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-signup-form", null));
		String phoneCode = simulator.issuePhoneCode(APP_ID, "o-signup-form", "13812345679");
		Response response = post("/login/wechat", "application/x-www-form-urlencoded",
				"code=" + code + "&phoneCode=" + phoneCode, null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(this.recorder.logins.get(0).identity().getPhone()).isEqualTo("13812345679");
	}

	@Test
	void signUpWhenPhoneCodeRefusedThenLoginFailsAndTheLoginCodeIsSpent() throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-signup-fail", null));
		String foreign = simulator.issuePhoneCode(APP_ID, "o-someone-else", "13812345670");
		String body = "{\"code\":\"" + code + "\",\"phoneCode\":\"" + foreign + "\"}";
		assertProblem(post("/login/wechat", "application/json", body, null), 401, "invalid_code");
		assertThat(this.recorder.logins).isEmpty();
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
		// the login code was redeemed at WeChat: presenting it again is a replay
		assertProblem(post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}", null), 401,
				"invalid_code");
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
	}

	@Test
	void signUpWhenPhoneCodeReusedThenRefusedBeforeTheLoginCodeIsSpent() throws Exception {
		String accessToken = login("o-signup-reuse").get("access_token").stringValue();
		String phoneCode = simulator.issuePhoneCode(APP_ID, "o-signup-reuse", "13812345671");
		assertThat(bind(accessToken, phoneCode).status()).isEqualTo(200);
		int exchanges = simulator.requestCount(Endpoint.JSCODE2SESSION);
		int phoneCalls = simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER);
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-signup-reuse", null));
		assertProblem(post("/login/wechat", "application/json",
				"{\"code\":\"" + code + "\",\"phoneCode\":\"" + phoneCode + "\"}", null), 401, "invalid_code");
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(exchanges);
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(phoneCalls);
		// the login code was not spent
		assertThat(post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}", null).status())
			.isEqualTo(200);
	}

	@Test
	void signUpWhenMultiTerminalAppThenInvalidRequestWithoutCallingWeChat() throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-multi-signup", null));
		assertProblem(post("/login/wechat/multi", "application/json",
				"{\"code\":\"" + code + "\",\"phoneCode\":\"abc\"}", null), 400, "invalid_request");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
		assertThat(post("/login/wechat/multi", "application/json", "{\"code\":\"" + code + "\"}", null).status())
			.isEqualTo(200);
	}

	@Test
	void signUpWhenPhoneCodeMalformedThenInvalidRequest() throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-signup-bad", null));
		assertProblem(post("/login/wechat", "application/json",
				"{\"code\":\"" + code + "\",\"phoneCode\":\"" + "y".repeat(200) + "\"}", null), 400, "invalid_request");
		assertProblem(post("/login/wechat", "application/json", "{\"code\":\"" + code + "\",\"phoneCode\":7}", null),
				400, "invalid_request");
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isZero();
	}

	private JsonNode login(String openid) throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram(openid, null));
		Response response = post("/login/wechat", "application/json", "{\"code\":\"" + code + "\"}", null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private Response bind(String accessToken, String code) throws Exception {
		return post("/login/wechat/phone-number", "application/json", "{\"code\":\"" + code + "\"}", accessToken);
	}

	static JsonNode claims(String jwt) {
		String payload = jwt.split("\\.")[1];
		return JsonMapper.shared().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
	}

	private static void assertProblem(Response response, int status, String error) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("error").stringValue()).isEqualTo(error);
		assertThat(response.json().get("status").intValue()).isEqualTo(status);
	}

	private Response post(String path, String contentType, String body, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return Response.of(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	private Response get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return Response.of(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	record Bound(WeChatUser user, WeChatPhoneNumber phoneNumber) {
	}

	/**
	 * What the application's hooks saw.
	 */
	static class Recorder {

		final List<WeChatUserRequest> logins = new CopyOnWriteArrayList<>();

		final List<Bound> bound = new CopyOnWriteArrayList<>();

		final List<WeChatPhoneNumberBoundEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(WeChatPhoneNumberBoundEvent event) {
			this.events.add(event);
		}

		void clear() {
			this.logins.clear();
			this.bound.clear();
			this.events.clear();
		}

	}

	/**
	 * An application that grants {@code ROLE_VERIFIED} to users with a phone number: at login
	 * (sign-up with a phone number code) and when one is bound (except to {@code o-keep}).
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PhoneApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		WeChatUserService weChatUserService(Recorder recorder) {
			return (request) -> {
				if (!request.refresh()) {
					recorder.logins.add(request);
				}
				List<String> authorities = new ArrayList<>(List.of("ROLE_USER"));
				if (request.identity().getPhone() != null) {
					authorities.add("ROLE_VERIFIED");
				}
				return DefaultWeChatUserService.createUser(request,
						AuthorityUtils.createAuthorityList(authorities.toArray(String[]::new)));
			};
		}

		@Bean
		WeChatPhoneNumberHandler weChatPhoneNumberHandler(Recorder recorder) {
			return (user, phoneNumber) -> {
				recorder.bound.add(new Bound(user, phoneNumber));
				if ("o-keep".equals(user.getOpenid())) {
					return user;
				}
				if ("o-refused".equals(user.getOpenid())) {
					throw new DisabledException("the number belongs to another account");
				}
				if ("o-broken".equals(user.getOpenid())) {
					throw new IllegalStateException("the member store is down");
				}
				List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
				authorities.addAll(AuthorityUtils.createAuthorityList("ROLE_VERIFIED"));
				return WeChatUser.withRegistration(user.getRegistrationId(), user.getAppId())
					.identity(user.getIdentity())
					.identity((identity) -> identity.phone(phoneNumber.phoneNumber()))
					.authorities(authorities)
					.build();
			};
		}

		@Bean
		MeController meController() {
			return new MeController();
		}

	}

	@RestController
	static class MeController {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal WeChatUser user) {
			return Map.of("openid", String.valueOf(user.getOpenid()), "authorities",
					user.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

	}

}
