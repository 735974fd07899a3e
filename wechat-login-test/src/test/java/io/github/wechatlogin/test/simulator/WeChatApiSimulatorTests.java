package io.github.wechatlogin.test.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WeChatApiSimulator}, over real loopback HTTP.
 *
 * @author wechat-login
 */
class WeChatApiSimulatorTests {

	private static final String APP_ID = "wx-app-1";

	private static final String SECRET = "secret-1";

	private static final String OTHER_APP_ID = "wx-app-2";

	private static final String OTHER_SECRET = "secret-2";

	private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final MutableClock clock = new MutableClock(START);

	private WeChatApiSimulator simulator;

	@BeforeEach
	void startSimulator() {
		this.simulator = simulatorBuilder().app(APP_ID, SECRET)
			.app(OTHER_APP_ID, OTHER_SECRET)
			.clock(this.clock)
			.build()
			.start();
	}

	/**
	 * Return a builder for the simulator of each test.
	 */
	WeChatApiSimulator.Builder simulatorBuilder() {
		return WeChatApiSimulator.builder();
	}

	/**
	 * Return the simulator of the test, started.
	 */
	final WeChatApiSimulator simulator() {
		return this.simulator;
	}

	@AfterEach
	void closeSimulator() {
		this.simulator.close();
		this.threads.shutdownNow();
	}

	// jscode2session

	@Test
	void jscode2sessionWhenValidCodeThenReturnsSession() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice", "u-alice"));
		HttpResponse<String> response = jscode2session(code);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
		JsonNode session = json(response);
		assertThat(session.get("openid").asString()).isEqualTo("o-alice");
		assertThat(session.get("unionid").asString()).isEqualTo("u-alice");
		assertThat(Base64.getDecoder().decode(session.get("session_key").asString())).hasSize(16);
		assertThat(session.has("errcode")).isFalse();
	}

	@Test
	void jscode2sessionWhenUserHasNoUnionidThenOmitsUnionid() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice", null));
		JsonNode session = json(jscode2session(code));
		assertThat(session.get("openid").asString()).isEqualTo("o-alice");
		assertThat(session.has("unionid")).isFalse();
	}

	@Test
	void jscode2sessionWhenRedeemedTwiceThenSessionKeysDiffer() throws Exception {
		SimulatedUser user = SimulatedUser.miniProgram("o-alice");
		JsonNode first = json(jscode2session(this.simulator.issueCode(user)));
		JsonNode second = json(jscode2session(this.simulator.issueCode(user)));
		assertThat(first.get("session_key").asString()).isNotEqualTo(second.get("session_key").asString());
	}

	@Test
	void jscode2sessionWhenCodeUsedTwiceThen40163() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice", null));
		assertThat(json(jscode2session(code)).get("openid").asString()).isEqualTo("o-alice");
		assertErrcode(jscode2session(code), 40163);
	}

	@Test
	void jscode2sessionWhenUnknownAppidThen40013() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		assertErrcode(get("/sns/jscode2session", "appid", "wx-unknown", "secret", SECRET, "js_code", code,
				"grant_type", "authorization_code"), 40013);
	}

	@Test
	void jscode2sessionWhenWrongSecretThen40125() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		assertErrcode(get("/sns/jscode2session", "appid", APP_ID, "secret", OTHER_SECRET, "js_code", code,
				"grant_type", "authorization_code"), 40125);
		assertThat(jscode2session(code).body()).contains("o-alice");
	}

	@Test
	void jscode2sessionWhenWrongGrantTypeThen40002() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		assertErrcode(get("/sns/jscode2session", "appid", APP_ID, "secret", SECRET, "js_code", code, "grant_type",
				"client_credential"), 40002);
		assertErrcode(get("/sns/jscode2session", "appid", APP_ID, "secret", SECRET, "js_code", code), 40002);
	}

	@Test
	void jscode2sessionWhenParameterMissingThenMissingErrcode() throws Exception {
		assertErrcode(get("/sns/jscode2session", "secret", SECRET, "js_code", "x", "grant_type", "authorization_code"),
				41002);
		assertErrcode(get("/sns/jscode2session", "appid", APP_ID, "js_code", "x", "grant_type", "authorization_code"),
				41004);
		assertErrcode(get("/sns/jscode2session", "appid", APP_ID, "secret", SECRET, "grant_type", "authorization_code"),
				41008);
	}

	@Test
	void jscode2sessionWhenUnknownCodeThen40029() throws Exception {
		HttpResponse<String> response = jscode2session("no-such-code");
		assertErrcode(response, 40029);
		assertThat(json(response).get("errmsg").asString()).isEqualTo("invalid code");
	}

	@Test
	void jscode2sessionWhenCodeOfAnotherAppThen40029() throws Exception {
		String code = this.simulator.issueCode(OTHER_APP_ID, SimulatedUser.miniProgram("o-alice"));
		assertErrcode(jscode2session(code), 40029);
		assertThat(get("/sns/jscode2session", "appid", OTHER_APP_ID, "secret", OTHER_SECRET, "js_code", code,
				"grant_type", "authorization_code")
			.body()).contains("o-alice");
	}

	@Test
	void jscode2sessionWhenCodeIsNotForMiniProgramThen40029() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.weixinApp("o-app", "u-alice"));
		assertErrcode(jscode2session(code), 40029);
	}

	@Test
	void jscode2sessionWhenCodeOlderThanFiveMinutesThen40029() throws Exception {
		String young = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		String old = this.simulator.issueCode(SimulatedUser.miniProgram("o-bob"));
		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		assertThat(json(jscode2session(young)).get("openid").asString()).isEqualTo("o-alice");
		this.clock.advance(Duration.ofSeconds(1));
		assertErrcode(jscode2session(old), 40029);
	}

	@Test
	void jscode2sessionWhenCodeExpiredExplicitlyThen40029() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		this.simulator.expireCode(code);
		assertErrcode(jscode2session(code), 40029);
	}

	@Test
	void jscode2sessionWhenMoreThan100RedemptionsPerMinuteThen45011() throws Exception {
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			codes.add(this.simulator.issueCode(SimulatedUser.miniProgram("o-busy")));
		}
		for (int i = 0; i < 100; i++) {
			assertThat(jscode2session(codes.get(i)).body()).contains("o-busy");
		}
		String last = codes.get(100);
		assertErrcode(jscode2session(last), 45011);
		assertThat(jscode2session(this.simulator.issueCode(SimulatedUser.miniProgram("o-calm"))).body())
			.contains("o-calm");
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(json(jscode2session(last)).get("openid").asString()).isEqualTo("o-busy");
	}

	@Test
	void jscode2sessionWhenPostThen43001() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		assertErrcode(send("POST", "/sns/jscode2session" + query("appid", APP_ID, "secret", SECRET, "js_code", code,
				"grant_type", "authorization_code"), ""), 43001);
		assertThat(jscode2session(code).body()).contains("o-alice");
	}

	// cgi-bin/token

	@Test
	void tokenWhenValidCredentialsThenReturnsToken() throws Exception {
		HttpResponse<String> response = get("/cgi-bin/token", "grant_type", "client_credential", "appid", APP_ID,
				"secret", SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
		JsonNode token = json(response);
		assertThat(token.get("access_token").asString()).isNotBlank();
		assertThat(token.get("expires_in").asLong()).isEqualTo(7200);
	}

	@Test
	void tokenWhenFetchedAgainThenPreviousTokenIs40001() throws Exception {
		String first = classicToken(APP_ID, SECRET);
		String second = classicToken(APP_ID, SECRET);
		assertThat(second).isNotEqualTo(first);
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		assertErrcode(code2verifyinfo(first, code), 40001);
		assertThat(json(code2verifyinfo(second, code)).get("errcode").asInt()).isZero();
	}

	@Test
	void tokenWhenFetchedForAnotherAppThenTokenStaysValid() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		classicToken(OTHER_APP_ID, OTHER_SECRET);
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		assertThat(json(code2verifyinfo(token, code)).get("errcode").asInt()).isZero();
	}

	@Test
	void tokenWhenBadCredentialsThenErrcodes() throws Exception {
		assertErrcode(get("/cgi-bin/token", "grant_type", "client_credential", "appid", "wx-unknown", "secret", SECRET),
				40013);
		assertErrcode(get("/cgi-bin/token", "grant_type", "client_credential", "appid", APP_ID, "secret", "wrong"),
				40125);
		assertErrcode(get("/cgi-bin/token", "grant_type", "authorization_code", "appid", APP_ID, "secret", SECRET),
				40002);
		assertErrcode(get("/cgi-bin/token", "appid", APP_ID, "secret", SECRET), 40002);
		assertErrcode(get("/cgi-bin/token", "grant_type", "client_credential", "secret", SECRET), 41002);
		assertErrcode(get("/cgi-bin/token", "grant_type", "client_credential", "appid", APP_ID), 41004);
	}

	@Test
	void tokenWhenExpiredThen42001() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		this.clock.advance(Duration.ofSeconds(7199));
		assertThat(json(code2verifyinfo(token, issueMiniProgramCode())).get("errcode").asInt()).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertErrcode(code2verifyinfo(token, issueMiniProgramCode()), 42001);
	}

	@Test
	void tokenWhenTtlConfiguredThenExpiresInMatches() throws Exception {
		try (WeChatApiSimulator shortLived = WeChatApiSimulator.builder()
			.app(APP_ID, SECRET)
			.accessTokenTtl(Duration.ofSeconds(60))
			.build()
			.start()) {
			HttpResponse<String> response = client.send(
					request(shortLived.getBaseUrl() + "/cgi-bin/token"
							+ query("grant_type", "client_credential", "appid", APP_ID, "secret", SECRET)).build(),
					BodyHandlers.ofString());
			assertThat(json(response).get("expires_in").asLong()).isEqualTo(60);
		}
	}

	@Test
	void tokenWhenInvalidatedThen40001() throws Exception {
		String classic = classicToken(APP_ID, SECRET);
		String stable = stableToken(APP_ID, SECRET, false).get("access_token").asString();
		String other = classicToken(OTHER_APP_ID, OTHER_SECRET);
		this.simulator.invalidateAccessTokens(APP_ID);
		assertErrcode(code2verifyinfo(classic, issueMiniProgramCode()), 40001);
		assertErrcode(code2verifyinfo(stable, issueMiniProgramCode()), 40001);
		String otherCode = this.simulator.issueCode(OTHER_APP_ID, SimulatedUser.miniProgram("o-alice"));
		assertThat(json(get("/donut/code2verifyinfo", "access_token", other, "appid", OTHER_APP_ID, "appsecret",
				OTHER_SECRET, "code", otherCode, "grant_type", "authorization_code"))
			.get("errcode")
			.asInt()).isZero();
		String fresh = stableToken(APP_ID, SECRET, false).get("access_token").asString();
		assertThat(fresh).isNotEqualTo(stable);
		assertThat(json(code2verifyinfo(fresh, issueMiniProgramCode())).get("errcode").asInt()).isZero();
	}

	@Test
	void tokenWhenPostThen43001() throws Exception {
		assertErrcode(send("POST", "/cgi-bin/token" + query("grant_type", "client_credential", "appid", APP_ID,
				"secret", SECRET), ""), 43001);
	}

	// cgi-bin/stable_token

	@Test
	void stableTokenWhenFetchedAgainThenSameTokenWithRemainingExpiry() throws Exception {
		JsonNode first = stableToken(APP_ID, SECRET, false);
		assertThat(first.get("expires_in").asLong()).isEqualTo(7200);
		this.clock.advance(Duration.ofSeconds(100));
		JsonNode second = stableToken(APP_ID, SECRET, false);
		assertThat(second.get("access_token").asString()).isEqualTo(first.get("access_token").asString());
		assertThat(second.get("expires_in").asLong()).isEqualTo(7100);
	}

	@Test
	void stableTokenWhenClassicTokenFetchedThenStaysValid() throws Exception {
		String stable = stableToken(APP_ID, SECRET, false).get("access_token").asString();
		classicToken(APP_ID, SECRET);
		classicToken(APP_ID, SECRET);
		assertThat(json(code2verifyinfo(stable, issueMiniProgramCode())).get("errcode").asInt()).isZero();
		assertThat(stableToken(APP_ID, SECRET, false).get("access_token").asString()).isEqualTo(stable);
	}

	@Test
	void stableTokenWhenForceRefreshThenNewTokenAndOldStaysValid() throws Exception {
		String old = stableToken(APP_ID, SECRET, false).get("access_token").asString();
		String refreshed = stableToken(APP_ID, SECRET, true).get("access_token").asString();
		assertThat(refreshed).isNotEqualTo(old);
		assertThat(stableToken(APP_ID, SECRET, false).get("access_token").asString()).isEqualTo(refreshed);
		assertThat(json(code2verifyinfo(old, issueMiniProgramCode())).get("errcode").asInt()).isZero();
		assertThat(json(code2verifyinfo(refreshed, issueMiniProgramCode())).get("errcode").asInt()).isZero();
	}

	@Test
	void stableTokenWhenExpiredThenNewToken() throws Exception {
		String first = stableToken(APP_ID, SECRET, false).get("access_token").asString();
		this.clock.advance(Duration.ofSeconds(7200));
		JsonNode second = stableToken(APP_ID, SECRET, false);
		assertThat(second.get("access_token").asString()).isNotEqualTo(first);
		assertThat(second.get("expires_in").asLong()).isEqualTo(7200);
		assertErrcode(code2verifyinfo(first, issueMiniProgramCode()), 42001);
	}

	@Test
	void stableTokenWhenBadCredentialsThenErrcodes() throws Exception {
		assertErrcode(post("/cgi-bin/stable_token",
				"{\"grant_type\":\"client_credential\",\"appid\":\"wx-unknown\",\"secret\":\"x\"}"), 40013);
		assertErrcode(post("/cgi-bin/stable_token",
				"{\"grant_type\":\"client_credential\",\"appid\":\"" + APP_ID + "\",\"secret\":\"wrong\"}"), 40125);
		assertErrcode(post("/cgi-bin/stable_token",
				"{\"grant_type\":\"password\",\"appid\":\"" + APP_ID + "\",\"secret\":\"" + SECRET + "\"}"), 40002);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "{", "[]", "{\"appid\":42,\"secret\":\"x\"}",
			"{\"grant_type\":\"client_credential\",\"appid\":\"wx-app-1\",\"secret\":\"secret-1\",\"force_refresh\":\"yes\"}" })
	void stableTokenWhenBodyNotValidJsonThen47001(String body) throws Exception {
		assertErrcode(post("/cgi-bin/stable_token", body), 47001);
	}

	@Test
	void stableTokenWhenGetThen43002() throws Exception {
		assertErrcode(get("/cgi-bin/stable_token", "grant_type", "client_credential", "appid", APP_ID, "secret",
				SECRET), 43002);
	}

	// donut/code2verifyinfo

	@Test
	void code2verifyinfoWhenMiniProgramLoginThenReturnsVerifyInfo() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice", "u-alice"));
		this.clock.advance(Duration.ofSeconds(30));
		HttpResponse<String> response = code2verifyinfo(classicToken(APP_ID, SECRET), code);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
		JsonNode answer = json(response);
		assertThat(answer.get("errcode").asInt()).isZero();
		assertThat(answer.get("errmsg").asString()).isEqualTo("ok");
		assertThat(answer.at("/login_info/type").asString()).isEqualTo("weixinMiniProgram");
		assertThat(answer.at("/login_info/login_time").asLong()).isEqualTo(START.getEpochSecond() + 30);
		JsonNode userInfo = answer.get("user_info");
		assertThat(userInfo.get("user_id").asString()).isNotBlank();
		assertThat(userInfo.at("/miniprogram_info/appid").asString()).isEqualTo("wx-mp-" + APP_ID);
		assertThat(userInfo.at("/miniprogram_info/openid").asString()).isEqualTo("o-alice");
		assertThat(userInfo.at("/miniprogram_info/unionid").asString()).isEqualTo("u-alice");
		assertThat(userInfo.propertyNames()).containsExactly("user_id", "miniprogram_info");
	}

	@Test
	void code2verifyinfoWhenNoUserIdThenDerivesStableUserId() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		String first = json(code2verifyinfo(token, this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"))))
			.at("/user_info/user_id")
			.asString();
		String second = json(code2verifyinfo(token, this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"))))
			.at("/user_info/user_id")
			.asString();
		String other = json(code2verifyinfo(token, this.simulator.issueCode(SimulatedUser.miniProgram("o-bob"))))
			.at("/user_info/user_id")
			.asString();
		assertThat(second).isEqualTo(first);
		assertThat(other).isNotEqualTo(first);
	}

	@Test
	void code2verifyinfoWhenUserIdAndPhoneGivenThenReturnsThem() throws Exception {
		SimulatedUser user = SimulatedUser.miniProgram("o-alice").withUserId("user-42").withPhone("+8613800000000");
		JsonNode userInfo = json(code2verifyinfo(classicToken(APP_ID, SECRET), this.simulator.issueCode(user)))
			.get("user_info");
		assertThat(userInfo.get("user_id").asString()).isEqualTo("user-42");
		assertThat(userInfo.at("/miniprogram_info/unionid").asString()).isEmpty();
		assertThat(userInfo.at("/phone_info/phone").asString()).isEqualTo("+8613800000000");
	}

	@Test
	void code2verifyinfoWhenWeixinAppLoginThenReturnsOpenappInfo() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.weixinApp("o-app", "u-alice"));
		JsonNode answer = json(code2verifyinfo(classicToken(APP_ID, SECRET), code));
		assertThat(answer.at("/login_info/type").asString()).isEqualTo("weixinApp");
		JsonNode userInfo = answer.get("user_info");
		assertThat(userInfo.propertyNames()).containsExactly("user_id", "openapp_info");
		assertThat(userInfo.at("/openapp_info/appid").asString()).isEqualTo("wx-open-" + APP_ID);
		assertThat(userInfo.at("/openapp_info/openid").asString()).isEqualTo("o-app");
		assertThat(userInfo.at("/openapp_info/unionid").asString()).isEqualTo("u-alice");
		assertThat(userInfo.at("/openapp_info/headimgurl").asString()).isEqualTo("https://example.invalid/a.png");
		assertThat(userInfo.at("/openapp_info/nickname").asString()).isNotBlank();
	}

	@Test
	void code2verifyinfoWhenPhoneLoginThenReturnsPhoneInfoOnly() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		for (SimulatedUser user : List.of(SimulatedUser.phoneSms("+8613900000000"),
				SimulatedUser.phoneOneClick("+8613900000000"))) {
			JsonNode answer = json(code2verifyinfo(token, this.simulator.issueCode(user)));
			assertThat(answer.at("/login_info/type").asString()).isEqualTo(user.loginType());
			assertThat(answer.get("user_info").propertyNames()).containsExactly("user_id", "phone_info");
			assertThat(answer.at("/user_info/phone_info/phone").asString()).isEqualTo("+8613900000000");
		}
	}

	@Test
	void code2verifyinfoWhenAppleLoginThenReturnsAppleInfo() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.apple("001234.abcdef.0001"));
		JsonNode answer = json(code2verifyinfo(classicToken(APP_ID, SECRET), code));
		assertThat(answer.at("/login_info/type").asString()).isEqualTo("apple");
		assertThat(answer.get("user_info").propertyNames()).containsExactly("user_id", "apple_info");
		assertThat(answer.at("/user_info/apple_info/apple_user_id").asString()).isEqualTo("001234.abcdef.0001");
		assertThat(answer.at("/user_info/apple_info/apple_email").asString()).endsWith("@privaterelay.appleid.com");
		assertThat(answer.at("/user_info/apple_info/is_apple_email_private").isBoolean()).isTrue();
	}

	@Test
	void code2verifyinfoWhenPostThen43001() throws Exception {
		String code = issueMiniProgramCode();
		String token = classicToken(APP_ID, SECRET);
		assertErrcode(send("POST", "/donut/code2verifyinfo" + query("access_token", token, "appid", APP_ID,
				"appsecret", SECRET, "code", code, "grant_type", "authorization_code"), ""), 43001);
		assertThat(json(code2verifyinfo(token, code)).get("errcode").asInt()).isZero();
	}

	@Test
	void code2verifyinfoWhenAccessTokenMissingOrUnknownThen40001() throws Exception {
		String code = issueMiniProgramCode();
		assertErrcode(get("/donut/code2verifyinfo", "appid", APP_ID, "appsecret", SECRET, "code", code, "grant_type",
				"authorization_code"), 40001);
		assertErrcode(code2verifyinfo("no-such-token", code), 40001);
	}

	@Test
	void code2verifyinfoWhenAccessTokenInvalidThenCheckedBeforeEverythingElse() throws Exception {
		assertErrcode(get("/donut/code2verifyinfo", "access_token", "no-such-token", "appid", "wx-unknown",
				"appsecret", "wrong", "code", "x", "grant_type", "wrong"), 40001);
	}

	@Test
	void code2verifyinfoWhenAccessTokenOfAnotherAppThen40001() throws Exception {
		String otherToken = classicToken(OTHER_APP_ID, OTHER_SECRET);
		assertErrcode(code2verifyinfo(otherToken, issueMiniProgramCode()), 40001);
	}

	@Test
	void code2verifyinfoWhenUnknownAppidThen10001002() throws Exception {
		assertErrcode(get("/donut/code2verifyinfo", "access_token", classicToken(APP_ID, SECRET), "appid",
				"wx-unknown", "appsecret", SECRET, "code", issueMiniProgramCode(), "grant_type", "authorization_code"),
				10001002);
	}

	@Test
	void code2verifyinfoWhenWrongAppsecretThen10001003() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		String code = issueMiniProgramCode();
		assertErrcode(get("/donut/code2verifyinfo", "access_token", token, "appid", APP_ID, "appsecret", "wrong",
				"code", code, "grant_type", "authorization_code"), 10001003);
		assertThat(json(code2verifyinfo(token, code)).get("errcode").asInt()).isZero();
	}

	@Test
	void code2verifyinfoWhenSecretSentAsSecretThen10001003() throws Exception {
		assertErrcode(get("/donut/code2verifyinfo", "access_token", classicToken(APP_ID, SECRET), "appid", APP_ID,
				"secret", SECRET, "code", issueMiniProgramCode(), "grant_type", "authorization_code"), 10001003);
	}

	@Test
	void code2verifyinfoWhenWrongGrantTypeThen10001004() throws Exception {
		assertErrcode(get("/donut/code2verifyinfo", "access_token", classicToken(APP_ID, SECRET), "appid", APP_ID,
				"appsecret", SECRET, "code", issueMiniProgramCode(), "grant_type", "client_credential"), 10001004);
	}

	@Test
	void code2verifyinfoWhenUnknownCodeThen10001001() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		assertErrcode(code2verifyinfo(token, "no-such-code"), 10001001);
		String otherAppCode = this.simulator.issueCode(OTHER_APP_ID, SimulatedUser.miniProgram("o-alice"));
		assertErrcode(code2verifyinfo(token, otherAppCode), 10001001);
		assertErrcode(get("/donut/code2verifyinfo", "access_token", token, "appid", APP_ID, "appsecret", SECRET,
				"grant_type", "authorization_code"), 10001001);
	}

	@Test
	void code2verifyinfoWhenCodeUsedTwiceThen10001001() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		String code = issueMiniProgramCode();
		assertThat(json(code2verifyinfo(token, code)).get("errcode").asInt()).isZero();
		assertErrcode(code2verifyinfo(token, code), 10001001);
	}

	@Test
	void code2verifyinfoWhenCodeRedeemedAtJscode2sessionThen10001001() throws Exception {
		String code = issueMiniProgramCode();
		assertThat(jscode2session(code).body()).contains("o-alice");
		assertErrcode(code2verifyinfo(classicToken(APP_ID, SECRET), code), 10001001);
	}

	@Test
	void code2verifyinfoWhenCodeExpiredThen10001000() throws Exception {
		String token = stableToken(APP_ID, SECRET, false).get("access_token").asString();
		String expiredByClock = issueMiniProgramCode();
		this.clock.advance(Duration.ofMinutes(5));
		assertErrcode(code2verifyinfo(token, expiredByClock), 10001000);
		String expiredExplicitly = issueMiniProgramCode();
		this.simulator.expireCode(expiredExplicitly);
		assertErrcode(code2verifyinfo(token, expiredExplicitly), 10001000);
	}

	// simulator/codes

	@Test
	void issueCodeEndpointWhenValidThenReturnsRedeemableCode() throws Exception {
		HttpResponse<String> response = post("/simulator/codes", "{\"openid\":\"o-http\",\"unionid\":\"u-http\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		String code = json(response).get("code").asString();
		assertThat(code).hasSize(32).matches("[A-Za-z0-9_-]+");
		JsonNode session = json(jscode2session(code));
		assertThat(session.get("openid").asString()).isEqualTo("o-http");
		assertThat(session.get("unionid").asString()).isEqualTo("u-http");
	}

	@Test
	void issueCodeEndpointWhenAllFieldsGivenThenUsesThem() throws Exception {
		HttpResponse<String> response = post("/simulator/codes",
				"{\"openid\":\"o-app\",\"loginType\":\"weixinApp\",\"appid\":\"" + OTHER_APP_ID
						+ "\",\"userId\":\"user-7\",\"phone\":\"+8613700000000\",\"unionid\":null}");
		String code = json(response).get("code").asString();
		String token = classicToken(OTHER_APP_ID, OTHER_SECRET);
		JsonNode answer = json(get("/donut/code2verifyinfo", "access_token", token, "appid", OTHER_APP_ID,
				"appsecret", OTHER_SECRET, "code", code, "grant_type", "authorization_code"));
		assertThat(answer.at("/login_info/type").asString()).isEqualTo("weixinApp");
		assertThat(answer.at("/user_info/user_id").asString()).isEqualTo("user-7");
		assertThat(answer.at("/user_info/openapp_info/openid").asString()).isEqualTo("o-app");
		assertThat(answer.at("/user_info/phone_info/phone").asString()).isEqualTo("+8613700000000");
	}

	@Test
	void issueCodeEndpointWhenPhoneLoginWithoutOpenidThenReturnsCode() throws Exception {
		HttpResponse<String> response = post("/simulator/codes",
				"{\"loginType\":\"phoneSms\",\"phone\":\"+8613600000000\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = json(code2verifyinfo(classicToken(APP_ID, SECRET), json(response).get("code").asString()));
		assertThat(answer.at("/user_info/phone_info/phone").asString()).isEqualTo("+8613600000000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{", "[]", "\"openid\"", "{}", "{\"unionid\":\"u\"}", "{\"openid\":42}",
			"{\"loginType\":\"phoneSms\",\"openid\":\"o\"}", "{\"openid\":\"o\",\"loginType\":\"carrierPigeon\"}",
			"{\"openid\":\"o\",\"appid\":\"wx-unknown\"}" })
	void issueCodeEndpointWhenInvalidThen400(String body) throws Exception {
		HttpResponse<String> response = post("/simulator/codes", body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(json(response).get("error").asString()).isNotBlank();
	}

	@Test
	void issueCodeEndpointWhenNoAppRegisteredThen400() throws Exception {
		try (WeChatApiSimulator empty = WeChatApiSimulator.builder().build().start()) {
			HttpResponse<String> response = client.send(request(empty.getBaseUrl() + "/simulator/codes")
				.POST(BodyPublishers.ofString("{\"openid\":\"o\"}"))
				.build(), BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(json(response).get("error").asString()).contains("no app");
		}
	}

	@Test
	void issueCodeEndpointWhenGetThen405() throws Exception {
		assertThat(get("/simulator/codes").statusCode()).isEqualTo(405);
	}

	@Test
	void unknownPathThen404AndNotCounted() throws Exception {
		assertThat(get("/cgi-bin/unknown").statusCode()).isEqualTo(404);
		assertThat(get("/sns/jscode2session/").statusCode()).isEqualTo(404);
		for (Endpoint endpoint : Endpoint.values()) {
			assertThat(this.simulator.requestCount(endpoint)).isZero();
		}
	}

	// Faults

	@Test
	void enqueuedErrcodeFaultDoesNotConsumeCode() throws Exception {
		String code = issueMiniProgramCode();
		this.simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.errcode(-1));
		HttpResponse<String> faulted = jscode2session(code);
		assertErrcode(faulted, -1);
		assertThat(json(faulted).get("errmsg").asString()).isEqualTo("system error");
		assertThat(json(jscode2session(code)).get("openid").asString()).isEqualTo("o-alice");
		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(2);
	}

	@Test
	void enqueuedErrcodeFaultOnCode2verifyinfoDoesNotConsumeCode() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		String code = issueMiniProgramCode();
		this.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(40001, "invalid credential, rid: x"));
		HttpResponse<String> faulted = code2verifyinfo(token, code);
		assertErrcode(faulted, 40001);
		assertThat(json(faulted).get("errmsg").asString()).isEqualTo("invalid credential, rid: x");
		assertThat(json(code2verifyinfo(token, code)).get("errcode").asInt()).isZero();
	}

	@Test
	void enqueuedFaultsAreUsedInOrderThenNormalHandlingResumes() throws Exception {
		this.simulator.enqueueFault(Endpoint.TOKEN, Fault.errcode(-1));
		this.simulator.enqueueFault(Endpoint.TOKEN, Fault.errcode(45009));
		assertErrcode(tokenResponse(), -1);
		assertErrcode(tokenResponse(), 45009);
		assertThat(json(tokenResponse()).get("access_token").asString()).isNotBlank();
	}

	@Test
	void enqueuedFaultOnlyAffectsItsEndpoint() throws Exception {
		this.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(-1));
		assertThat(jscode2session(issueMiniProgramCode()).body()).contains("o-alice");
		assertThat(json(tokenResponse()).has("access_token")).isTrue();
		assertErrcode(code2verifyinfo(classicToken(APP_ID, SECRET), issueMiniProgramCode()), -1);
	}

	@Test
	void persistentFaultAnswersUntilCleared() throws Exception {
		this.simulator.setFault(Endpoint.TOKEN, Fault.errcode(40164));
		assertErrcode(tokenResponse(), 40164);
		assertErrcode(tokenResponse(), 40164);
		this.simulator.enqueueFault(Endpoint.TOKEN, Fault.errcode(-1));
		assertErrcode(tokenResponse(), -1);
		assertErrcode(tokenResponse(), 40164);
		this.simulator.setFault(Endpoint.TOKEN, null);
		assertThat(json(tokenResponse()).has("access_token")).isTrue();
		assertThat(this.simulator.requestCount(Endpoint.TOKEN)).isEqualTo(5);
	}

	@Test
	void httpStatusFaultAnswersWithStatusAndBody() throws Exception {
		String code = issueMiniProgramCode();
		this.simulator.enqueueFault(Endpoint.JSCODE2SESSION,
				Fault.httpStatus(502, "text/html", "<html><body>502 Bad Gateway</body></html>"));
		HttpResponse<String> response = jscode2session(code);
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
		assertThat(response.body()).isEqualTo("<html><body>502 Bad Gateway</body></html>");
		assertThat(jscode2session(code).body()).contains("o-alice");
	}

	@Test
	void httpStatusFaultWithEmptyBody() throws Exception {
		this.simulator.enqueueFault(Endpoint.TOKEN, Fault.httpStatus(503, "text/plain", ""));
		HttpResponse<String> response = tokenResponse();
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void bodyFaultAnswers200WithBody() throws Exception {
		this.simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.body("text/plain", "{"));
		this.simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.body("text/html", "<html>maintenance</html>"));
		HttpResponse<String> first = stableTokenResponse(APP_ID, SECRET, false);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).isEqualTo("{");
		HttpResponse<String> second = stableTokenResponse(APP_ID, SECRET, false);
		assertThat(second.headers().firstValue("Content-Type")).hasValue("text/html");
		assertThat(second.body()).isEqualTo("<html>maintenance</html>");
	}

	@Test
	void oversizedBodyFaultAnswersWithExactSize() throws Exception {
		this.simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.oversizedBody(100_000));
		HttpResponse<byte[]> response = client.send(request(this.simulator.getBaseUrl() + "/sns/jscode2session").build(),
				BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
		assertThat(response.body()).hasSize(100_000);
		JsonNode body = mapper.readTree(response.body());
		assertThat(body.get("errcode").asInt()).isZero();
		assertThat(body.get("padding").asString()).hasSize(100_000 - 40);
	}

	@Test
	void oversizedBodyFaultWhenTooSmallThenThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.oversizedBody(39));
		assertThat(Fault.oversizedBody(40)).isNotNull();
	}

	@Test
	void truncatedBodyFaultGivesClientIOExceptionAndDoesNotConsumeCode() throws Exception {
		String code = issueMiniProgramCode();
		this.simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.truncatedBody());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> jscode2session(code));
		assertThat(json(jscode2session(code)).get("openid").asString()).isEqualTo("o-alice");
	}

	@Test
	void truncatedBodyFaultSendsValidStartOfJson() throws Exception {
		this.simulator.enqueueFault(Endpoint.TOKEN, Fault.truncatedBody());
		HttpResponse<InputStream> response = client.send(request(this.simulator.getBaseUrl() + "/cgi-bin/token").build(),
				BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		byte[] buffer = new byte[16];
		int read = response.body().read(buffer);
		assertThat(new String(buffer, 0, read, StandardCharsets.UTF_8)).startsWith("{\"");
	}

	@Test
	void connectionResetFaultGivesClientIOExceptionAndDoesNotConsumeCode() throws Exception {
		String code = issueMiniProgramCode();
		// a pooled keep-alive connection must not make the client retry silently
		assertThat(tokenResponse().statusCode()).isEqualTo(200);
		this.simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.connectionReset());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> jscode2session(code));
		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
		assertThat(json(jscode2session(code)).get("openid").asString()).isEqualTo("o-alice");
	}

	@Test
	void connectionResetFaultOnPostGivesClientIOException() throws Exception {
		this.simulator.setFault(Endpoint.STABLE_TOKEN, Fault.connectionReset());
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> stableTokenResponse(APP_ID, SECRET, false));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> stableTokenResponse(APP_ID, SECRET, false));
		assertThat(this.simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(2);
	}

	@Test
	void noResponseFaultClosesConnectionWithoutAnyByte() throws Exception {
		this.simulator.enqueueFault(Endpoint.TOKEN, Fault.noResponse());
		try (Socket socket = new Socket("127.0.0.1", this.simulator.getPort())) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.getOutputStream().write("GET /cgi-bin/token HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			assertThat(socket.getInputStream().readAllBytes()).isEmpty();
		}
		assertThat(this.simulator.requestCount(Endpoint.TOKEN)).isEqualTo(1);
	}

	@Test
	void noResponseFaultWhenPersistentGivesClientIOExceptionAndDoesNotConsumeCode() throws Exception {
		String code = issueMiniProgramCode();
		this.simulator.setFault(Endpoint.JSCODE2SESSION, Fault.noResponse());
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> jscode2session(code));
		// the JDK HttpClient may have retried the GET
		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isPositive();
		this.simulator.setFault(Endpoint.JSCODE2SESSION, null);
		assertThat(json(jscode2session(code)).get("openid").asString()).isEqualTo("o-alice");
	}

	@Test
	void delayFaultAnswersNormallyAfterDelayAndConsumesCode() throws Exception {
		String code = issueMiniProgramCode();
		this.simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(Duration.ofMillis(300)));
		long start = System.nanoTime();
		HttpResponse<String> response = jscode2session(code);
		// a lower bound only: a delay never ends early, and a loaded machine only makes the answer later
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(json(response).get("openid").asString()).isEqualTo("o-alice");
		assertErrcode(jscode2session(code), 40163);
	}

	@Test
	void delayFaultProvokesClientReadTimeout() throws Exception {
		this.simulator.enqueueFault(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(30)));
		HttpRequest request = request(this.simulator.getBaseUrl() + "/cgi-bin/token"
				+ query("grant_type", "client_credential", "appid", APP_ID, "secret", SECRET))
			.timeout(Duration.ofMillis(200))
			.build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> client.send(request, BodyHandlers.ofString()));
		assertThat(json(tokenResponse()).has("access_token")).isTrue();
	}

	@Test
	void faultOnIssueCodeEndpointApplies() throws Exception {
		this.simulator.enqueueFault(Endpoint.ISSUE_CODE, Fault.httpStatus(500, "application/json", "{\"error\":\"x\"}"));
		assertThat(post("/simulator/codes", "{\"openid\":\"o\"}").statusCode()).isEqualTo(500);
		assertThat(post("/simulator/codes", "{\"openid\":\"o\"}").statusCode()).isEqualTo(200);
		assertThat(this.simulator.requestCount(Endpoint.ISSUE_CODE)).isEqualTo(2);
	}

	// Latency

	@Test
	void latencyDelaysWeChatEndpoints() throws Exception {
		this.simulator.setLatency(Duration.ofMillis(250));
		long start = System.nanoTime();
		assertThat(json(tokenResponse()).has("access_token")).isTrue();
		// a lower bound only: the latency never ends early, and a loaded machine only makes the answer later
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
	}

	@Test
	void latencyDoesNotDelaySimulatorEndpoints() throws Exception {
		this.simulator.setLatency(Duration.ofSeconds(30));
		HttpResponse<String> response = client.send(request(this.simulator.getBaseUrl() + "/simulator/codes")
			.timeout(Duration.ofSeconds(3))
			.POST(BodyPublishers.ofString("{\"openid\":\"o\"}"))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void latencyWhenNegativeThenThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.setLatency(Duration.ofMillis(-1)));
	}

	// Recording

	@Test
	void requestsAreCountedAndRecorded() throws Exception {
		String code = issueMiniProgramCode();
		this.simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.errcode(-1));
		jscode2session(code);
		jscode2session(code);
		stableTokenResponse(APP_ID, SECRET, true);
		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(2);
		assertThat(this.simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(this.simulator.requestCount(Endpoint.TOKEN)).isZero();
		List<RecordedRequest> requests = this.simulator.requests(Endpoint.JSCODE2SESSION);
		assertThat(requests).hasSize(2);
		RecordedRequest first = requests.get(0);
		assertThat(first.method()).isEqualTo("GET");
		assertThat(first.path()).isEqualTo("/sns/jscode2session");
		assertThat(first.query()).containsEntry("appid", APP_ID)
			.containsEntry("js_code", code)
			.containsEntry("grant_type", "authorization_code");
		assertThat(first.queryParameter("secret")).isEqualTo(SECRET);
		assertThat(first.body()).isEmpty();
		RecordedRequest stable = this.simulator.requests(Endpoint.STABLE_TOKEN).get(0);
		assertThat(stable.method()).isEqualTo("POST");
		assertThat(mapper.readTree(stable.body()).get("force_refresh").asBoolean()).isTrue();
	}

	@Test
	void recordedRequestQueryIsDecoded() throws Exception {
		get("/cgi-bin/token", "appid", "a b&c=d", "secret", "\u5bc6");
		assertThat(this.simulator.requests(Endpoint.TOKEN).get(0).query()).containsEntry("appid", "a b&c=d")
			.containsEntry("secret", "\u5bc6");
	}

	@Test
	void recordedRequestToStringMasksSecrets() throws Exception {
		tokenResponse();
		stableTokenResponse(APP_ID, SECRET, false);
		assertThat(this.simulator.requests(Endpoint.TOKEN).get(0).toString()).contains(APP_ID).doesNotContain(SECRET);
		assertThat(this.simulator.requests(Endpoint.STABLE_TOKEN).get(0).toString()).contains(APP_ID)
			.doesNotContain(SECRET);
	}

	@Test
	void resetClearsStateButKeepsApps() throws Exception {
		String token = classicToken(APP_ID, SECRET);
		String code = issueMiniProgramCode();
		this.simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.errcode(-1));
		this.simulator.setFault(Endpoint.STABLE_TOKEN, Fault.errcode(-1));
		this.simulator.setLatency(Duration.ofSeconds(30));
		this.simulator.setClock(new MutableClock(START.plusSeconds(1)));
		this.simulator.reset();
		assertThat(this.simulator.requestCount(Endpoint.TOKEN)).isZero();
		assertThat(this.simulator.requests(Endpoint.TOKEN)).isEmpty();
		assertErrcode(jscode2session(code), 40029);
		assertErrcode(code2verifyinfo(token, issueMiniProgramCode()), 40001);
		JsonNode stable = stableToken(APP_ID, SECRET, false);
		assertThat(stable.get("expires_in").asLong()).isEqualTo(7200);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(stableToken(APP_ID, SECRET, false).get("expires_in").asLong()).isEqualTo(7190);
	}

	// Concurrency

	@Test
	void concurrentRedemptionsOfDistinctCodesAllSucceed() throws Exception {
		int count = 50;
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			codes.add(this.simulator.issueCode(SimulatedUser.miniProgram("o-user-" + i)));
		}
		List<HttpResponse<String>> responses = race(count, (i) -> jscode2session(codes.get(i)));
		for (int i = 0; i < count; i++) {
			assertThat(json(responses.get(i)).get("openid").asString()).isEqualTo("o-user-" + i);
		}
		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(count);
	}

	@Test
	void concurrentRedemptionsOfOneCodeSucceedExactlyOnce() throws Exception {
		String code = issueMiniProgramCode();
		List<HttpResponse<String>> responses = race(10, (i) -> jscode2session(code));
		assertThat(responses).filteredOn((response) -> json(response).has("openid")).hasSize(1);
		assertThat(responses).filteredOn((response) -> json(response).path("errcode").asInt() == 40163).hasSize(9);
	}

	@Test
	void concurrentRedemptionsOfOneCodeAtCode2verifyinfoSucceedExactlyOnce() throws Exception {
		String token = stableToken(APP_ID, SECRET, false).get("access_token").asString();
		String code = issueMiniProgramCode();
		List<HttpResponse<String>> responses = race(10, (i) -> code2verifyinfo(token, code));
		assertThat(responses).filteredOn((response) -> json(response).path("errcode").asInt() == 0).hasSize(1);
		assertThat(responses).filteredOn((response) -> json(response).path("errcode").asInt() == 10001001)
			.hasSize(9);
	}

	@Test
	void concurrentStableTokenFetchesGetTheSameToken() throws Exception {
		List<HttpResponse<String>> responses = race(10, (i) -> stableTokenResponse(APP_ID, SECRET, false));
		assertThat(responses).extracting((response) -> json(response).get("access_token").asString())
			.containsOnly(json(responses.get(0)).get("access_token").asString());
	}

	// Programmatic API and lifecycle

	@Test
	void baseUrlIsLoopbackWithPort() {
		assertThat(this.simulator.getPort()).isPositive();
		assertThat(this.simulator.getBaseUrl()).isEqualTo("http://127.0.0.1:" + this.simulator.getPort());
	}

	@Test
	void portWhenNotStartedThenThrows() {
		WeChatApiSimulator notStarted = WeChatApiSimulator.builder().app(APP_ID, SECRET).build();
		assertThatIllegalStateException().isThrownBy(notStarted::getPort);
		assertThat(notStarted.issueCode(SimulatedUser.miniProgram("o"))).hasSize(32);
		notStarted.close();
	}

	@Test
	void startWhenStartedOrClosedThenThrows() {
		assertThatIllegalStateException().isThrownBy(this.simulator::start);
		this.simulator.close();
		this.simulator.close();
		assertThatIllegalStateException().isThrownBy(this.simulator::start);
	}

	@Test
	void closeStopsServing() throws Exception {
		assertThat(tokenResponse().statusCode()).isEqualTo(200);
		this.simulator.close();
		assertThatExceptionOfType(IOException.class).isThrownBy(this::tokenResponse);
	}

	@Test
	void closeWhileRequestDelayedReturnsPromptly() throws Exception {
		this.simulator.setLatency(Duration.ofSeconds(30));
		Future<HttpResponse<String>> pending = this.threads.submit(this::tokenResponse);
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (this.simulator.requestCount(Endpoint.TOKEN) == 0 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(this.simulator.requestCount(Endpoint.TOKEN)).as("the request being delayed").isOne();
		long start = System.nanoTime();
		this.simulator.close();
		// closing takes milliseconds; one that waited for the delayed request would take its 30 s
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(pending).failsWithin(TIMEOUT);
	}

	@Test
	void openConnectionsWhenNotCountingOrNotStartedThenIllegalState() {
		try (WeChatApiSimulator notCounting = WeChatApiSimulator.builder().app(APP_ID, SECRET).build().start()) {
			assertThatIllegalStateException().isThrownBy(notCounting::openConnections)
				.withMessageContaining("countConnections()");
		}
		try (WeChatApiSimulator notStarted = WeChatApiSimulator.builder().countConnections().build()) {
			assertThatIllegalStateException().isThrownBy(notStarted::openConnections)
				.withMessage("The simulator has not been started");
		}
	}

	@Test
	void registerAppAtRuntime() throws Exception {
		this.simulator.registerApp("wx-late", "late-secret");
		String code = this.simulator.issueCode("wx-late", SimulatedUser.miniProgram("o-late"));
		assertThat(get("/sns/jscode2session", "appid", "wx-late", "secret", "late-secret", "js_code", code,
				"grant_type", "authorization_code")
			.body()).contains("o-late");
	}

	@Test
	void issueCodeWhenAppUnknownThenThrows() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.simulator.issueCode("wx-unknown", SimulatedUser.miniProgram("o")));
		try (WeChatApiSimulator empty = WeChatApiSimulator.builder().build()) {
			assertThatIllegalStateException().isThrownBy(() -> empty.issueCode(SimulatedUser.miniProgram("o")));
		}
	}

	@Test
	void issueCodeUsesFirstRegisteredApp() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
		assertErrcode(get("/sns/jscode2session", "appid", OTHER_APP_ID, "secret", OTHER_SECRET, "js_code", code,
				"grant_type", "authorization_code"), 40029);
		assertThat(jscode2session(code).body()).contains("o-alice");
	}

	@Test
	void expireCodeWhenUnknownThenThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.expireCode("no-such-code"));
	}

	@Test
	void codesAreUniqueAndUrlSafe() {
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			codes.add(issueMiniProgramCode());
		}
		assertThat(codes).doesNotHaveDuplicates().allMatch((code) -> code.matches("[A-Za-z0-9_-]{32}"));
	}

	@Test
	void simulatedUserValidatesLoginType() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SimulatedUser("o", null, "fax", null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatedUser.miniProgram(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> SimulatedUser.phoneSms(""));
		assertThat(SimulatedUser.miniProgram("o", "u").loginType()).isEqualTo("weixinMiniProgram");
		assertThat(SimulatedUser.weixinApp("o", null).loginType()).isEqualTo("weixinApp");
		assertThat(SimulatedUser.phoneSms("+86").loginType()).isEqualTo("phoneSms");
		assertThat(SimulatedUser.phoneOneClick("+86").loginType()).isEqualTo("phoneOneClick");
		assertThat(SimulatedUser.apple("a").loginType()).isEqualTo("apple");
	}

	// Helpers

	private String issueMiniProgramCode() {
		return this.simulator.issueCode(SimulatedUser.miniProgram("o-alice"));
	}

	private HttpResponse<String> jscode2session(String code) throws IOException, InterruptedException {
		return get("/sns/jscode2session", "appid", APP_ID, "secret", SECRET, "js_code", code, "grant_type",
				"authorization_code");
	}

	private HttpResponse<String> code2verifyinfo(String accessToken, String code)
			throws IOException, InterruptedException {
		return get("/donut/code2verifyinfo", "access_token", accessToken, "appid", APP_ID, "appsecret", SECRET,
				"code", code, "grant_type", "authorization_code");
	}

	private HttpResponse<String> tokenResponse() throws IOException, InterruptedException {
		return get("/cgi-bin/token", "grant_type", "client_credential", "appid", APP_ID, "secret", SECRET);
	}

	private String classicToken(String appId, String secret) throws IOException, InterruptedException {
		HttpResponse<String> response = get("/cgi-bin/token", "grant_type", "client_credential", "appid", appId,
				"secret", secret);
		return json(response).get("access_token").asString();
	}

	private HttpResponse<String> stableTokenResponse(String appId, String secret, boolean forceRefresh)
			throws IOException, InterruptedException {
		return post("/cgi-bin/stable_token", "{\"grant_type\":\"client_credential\",\"appid\":\"" + appId
				+ "\",\"secret\":\"" + secret + "\",\"force_refresh\":" + forceRefresh + "}");
	}

	private JsonNode stableToken(String appId, String secret, boolean forceRefresh)
			throws IOException, InterruptedException {
		return json(stableTokenResponse(appId, secret, forceRefresh));
	}

	private HttpResponse<String> get(String path, String... parameters) throws IOException, InterruptedException {
		return send("GET", path + query(parameters), "");
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return send("POST", path, body);
	}

	private HttpResponse<String> send(String method, String pathAndQuery, String body)
			throws IOException, InterruptedException {
		HttpRequest request = request(this.simulator.getBaseUrl() + pathAndQuery)
			.method(method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
			.build();
		return client.send(request, BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT);
	}

	private static String query(String... parameters) {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i < parameters.length; i += 2) {
			query.append((i == 0) ? '?' : '&')
				.append(URLEncoder.encode(parameters[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
		}
		return query.toString();
	}

	private static JsonNode json(HttpResponse<String> response) {
		return mapper.readTree(response.body());
	}

	private static void assertErrcode(HttpResponse<String> response, int errcode) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
		JsonNode body = json(response);
		assertThat(body.get("errcode").asInt()).as(response.body()).isEqualTo(errcode);
		assertThat(body.get("errmsg").asString()).isNotBlank();
	}

	private <T> List<T> race(int parallelism, IndexedCall<T> call) throws Exception {
		CountDownLatch ready = new CountDownLatch(parallelism);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < parallelism; i++) {
			int index = i;
			Callable<T> task = () -> {
				ready.countDown();
				go.await();
				return call.call(index);
			};
			futures.add(this.threads.submit(task));
		}
		assertThat(ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		go.countDown();
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		}
		return results;
	}

	@FunctionalInterface
	private interface IndexedCall<T> {

		T call(int index) throws Exception;

	}

}
