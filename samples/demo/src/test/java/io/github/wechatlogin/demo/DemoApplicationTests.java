package io.github.wechatlogin.demo;

import java.util.List;
import java.util.Map;

import io.github.wechatlogin.autoconfigure.WeChatLoginProperties;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole demo over loopback HTTP: the embedded simulator on a free port, the login,
 * the bearer tokens and the API.
 * <p>
 * The output capture starts before the context, so the startup log is captured too, as long
 * as no other test class with the same configuration loads the context first.
 *
 * @author wechat-login developers
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.simulator.port=0")
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTests {

	private static final String MULTI_APP_ID = "wx-demo-multi-app";

	private static final String MINI_PROGRAM_APP_ID = "wx-demo-mini-program";

	private static final String ADMIN_OPENID = "o-admin-openid";

	@LocalServerPort
	private int port;

	@Autowired
	private WeChatApiSimulator simulator;

	@Autowired
	private WeChatLoginProperties loginProperties;

	@Autowired
	private DemoPhoneNumbers phoneNumbers;

	private DemoHttpClient http;

	@BeforeEach
	void setUp() {
		this.http = new DemoHttpClient(this.port);
	}

	@Test
	void simulatorWhenPortZeroThenFreePortAndBothRegistrations() {
		assertThat(this.simulator.getPort()).isPositive().isNotEqualTo(8089);
		assertThat(this.simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-1"))).isNotBlank();
		assertThat(this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram("o-1"))).isNotBlank();
	}

	@Test
	void loginWhenCodeFromSimulatorThenTokenResponse() {
		String code = this.simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram(ADMIN_OPENID, "u-demo"));

		DemoHttpClient.Response response = this.http.postJson("/login/wechat",
				Map.of("code", code, "redirectPath", "pages/index/index"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		Map<String, Object> body = response.json();
		assertThat(body.get("access_token")).asString().isNotBlank();
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 7200)
			.containsEntry("openid", ADMIN_OPENID)
			.containsEntry("unionid", "u-demo")
			.containsEntry("redirect_path", "pages/index/index")
			.doesNotContainKey("session_key");
	}

	@Test
	void loginWhenCodeMintedOverHttpThenTokenResponse() {
		DemoHttpClient.Response minted = this.http.postJson(this.simulator.getBaseUrl() + "/simulator/codes",
				Map.of("openid", ADMIN_OPENID, "unionid", "u-demo", "loginType", "weixinMiniProgram"));
		assertThat(minted.status()).isEqualTo(200);
		String code = (String) minted.json().get("code");

		DemoHttpClient.Response response = this.http.postJson("/login/wechat",
				Map.of("code", code, "redirectPath", "pages/index/index"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("openid", ADMIN_OPENID).containsKey("access_token");
	}

	@Test
	void meWhenBearerTokenThenIdentity() {
		String token = loginMultiApp(ADMIN_OPENID);

		DemoHttpClient.Response response = this.http.get("/api/me", token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("openid", ADMIN_OPENID)
			.containsEntry("unionid", "u-demo")
			.containsEntry("app_id", MULTI_APP_ID)
			.containsEntry("authorities", List.of("ROLE_ADMIN", "ROLE_USER"));
	}

	@Test
	void phoneWhenBoundThenStoredAndFreshTokensWithRoleVerified() {
		String token = this.http.login("/login/wechat/classic",
				this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram("o-demo-phone")));
		assertThat(this.http.get("/api/verified/ping", token).status()).isEqualTo(403);
		String code = this.simulator.issuePhoneCode(MINI_PROGRAM_APP_ID, "o-demo-phone", "13800138000");

		DemoHttpClient.Response bound = this.http.postJson("/api/phone", Map.of("code", code), token);

		assertThat(bound.status()).as(bound.body()).isEqualTo(200);
		assertThat(bound.json()).containsEntry("phone_number", "13800138000")
			.containsEntry("pure_phone_number", "13800138000")
			.containsEntry("country_code", "86")
			.containsKeys("access_token", "refresh_token");
		String fresh = (String) bound.json().get("access_token");
		assertThat(this.http.get("/api/me", fresh).json()).containsEntry("authorities",
				List.of("ROLE_USER", "ROLE_VERIFIED"));
		assertThat(this.http.get("/api/verified/ping", fresh).status()).isEqualTo(200);
		assertThat(this.phoneNumbers.find("o-demo-phone")).isEqualTo("13800138000");
		// a later login of the same user is verified too
		String again = this.http.login("/login/wechat/classic",
				this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram("o-demo-phone")));
		assertThat(this.http.get("/api/verified/ping", again).status()).isEqualTo(200);
		// without a token
		DemoHttpClient.Response anonymous = this.http.postJson("/api/phone", Map.of("code", code), null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void weRunWhenEncryptedWithTheCallersSessionKeyThenDecryptedOnTheServer() {
		String token = this.http.login("/login/wechat/classic",
				this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram("o-demo-werun")));
		WeChatApiSimulator.EncryptedData data = this.simulator.encryptForUser(MINI_PROGRAM_APP_ID, "o-demo-werun",
				"{\"stepInfoList\":[{\"timestamp\":1445866601,\"step\":100},{\"timestamp\":1445876601,\"step\":120}]}");

		DemoHttpClient.Response response = this.http.postJson("/api/werun",
				Map.of("encryptedData", data.encryptedData(), "iv", data.iv()), token);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json()).containsKey("stepInfoList");
		assertThat(response.json().get("watermark")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("appid", MINI_PROGRAM_APP_ID);
		assertThat(response.body()).contains("\"step\":120")
			.doesNotContain(this.simulator.sessionKey(MINI_PROGRAM_APP_ID, "o-demo-werun"));
	}

	@Test
	void weRunWhenMalformedOrMultiTerminalUserThenProblemJson() {
		String token = this.http.login("/login/wechat/classic",
				this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram("o-demo-werun-bad")));
		DemoHttpClient.Response malformed = this.http.postJson("/api/werun",
				Map.of("encryptedData", "not base64 at all!", "iv", "AAAAAAAAAAAAAAAAAAAAAA=="), token);
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
		assertThat(malformed.json()).containsEntry("error", "invalid_request");
		assertThat(malformed.body()).doesNotContain("Exception");
		// the multi-terminal registration's users have no session_key
		DemoHttpClient.Response missing = this.http.postJson("/api/werun",
				Map.of("encryptedData", "AAAAAAAAAAAAAAAAAAAAAA==", "iv", "AAAAAAAAAAAAAAAAAAAAAA=="),
				loginMultiApp("o-demo-werun-multi"));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json()).containsEntry("error", "invalid_request");
		assertThat(missing.body()).contains("only mini program logins").doesNotContain("wx.login");
	}

	@Test
	void sessionCheckWhenLoggedInThenValidAndAfterALoginElsewhereThenNot() {
		String token = this.http.login("/login/wechat/classic",
				this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram("o-demo-check")));
		assertThat(this.http.get("/api/session/check", token).json()).containsEntry("valid", true);
		// another login of the same user that this server does not see replaces the session_key at WeChat
		String elsewhere = this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram("o-demo-check"));
		DemoHttpClient.Response redeemed = this.http.get(this.simulator.getBaseUrl() + "/sns/jscode2session?appid="
				+ MINI_PROGRAM_APP_ID + "&secret=" + this.loginProperties.getApps().get("classic").getSecret()
				+ "&js_code=" + elsewhere + "&grant_type=authorization_code");
		assertThat(redeemed.body()).contains("session_key");

		assertThat(this.http.get("/api/session/check", token).json()).containsEntry("valid", false);
	}

	@Test
	void loginWhenPhoneCodeThenSignedUpVerified() {
		String code = this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram("o-demo-signup"));
		String phoneCode = this.simulator.issuePhoneCode(MINI_PROGRAM_APP_ID, "o-demo-signup", "13900139000");

		DemoHttpClient.Response login = this.http.postJson("/login/wechat/classic",
				Map.of("code", code, "phoneCode", phoneCode), null);

		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.body()).doesNotContain("13900139000");
		assertThat(this.http.get("/api/verified/ping", (String) login.json().get("access_token")).status())
			.isEqualTo(200);
		assertThat(this.phoneNumbers.find("o-demo-signup")).isEqualTo("13900139000");
	}

	@Test
	void meWhenNotAdminThenOnlyRoleUser() {
		String token = loginMultiApp("o-plain-user");

		DemoHttpClient.Response response = this.http.get("/api/me", token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("openid", "o-plain-user")
			.containsEntry("authorities", List.of("ROLE_USER"));
	}

	@Test
	void adminPingWhenAdminThenOk() {
		String token = loginMultiApp(ADMIN_OPENID);

		DemoHttpClient.Response response = this.http.get("/api/admin/ping", token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("pong", true);
	}

	@Test
	void adminPingWhenNotAdminThenForbidden() {
		String token = loginMultiApp("o-plain-user");

		DemoHttpClient.Response response = this.http.get("/api/admin/ping", token);

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json()).containsEntry("status", 403).containsEntry("error", "access_denied");
	}

	@Test
	void adminPingWhenNoTokenThenUnauthorized() {
		DemoHttpClient.Response response = this.http.get("/api/admin/ping");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void pingWhenNoTokenThenUnauthorized() {
		DemoHttpClient.Response response = this.http.get("/api/ping");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json()).containsEntry("status", 401).containsKeys("title", "detail", "error");
	}

	@Test
	void pingWhenInvalidTokenThenUnauthorized() {
		DemoHttpClient.Response response = this.http.get("/api/ping", "not-a-token");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.json()).containsEntry("error", "invalid_token");
	}

	@Test
	void pingWhenBearerTokenThenOk() {
		String token = loginMultiApp("o-plain-user");

		DemoHttpClient.Response response = this.http.get("/api/ping", token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("pong", true);
	}

	@Test
	void publicPingWhenNoTokenThenOk() {
		DemoHttpClient.Response response = this.http.get("/api/public/ping");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("pong", true);
	}

	@Test
	void loginWhenClassicRegistrationThenToken() {
		String code = this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram(ADMIN_OPENID));

		DemoHttpClient.Response response = this.http.postJson("/login/wechat/classic",
				Map.of("code", code, "redirectPath", "pages/index/index"));

		assertThat(response.status()).isEqualTo(200);
		Map<String, Object> body = response.json();
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("openid", ADMIN_OPENID)
			.containsEntry("redirect_path", "pages/index/index")
			.doesNotContainKey("session_key");
		DemoHttpClient.Response me = this.http.get("/api/me", (String) body.get("access_token"));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json()).containsEntry("app_id", MINI_PROGRAM_APP_ID)
			.containsEntry("authorities", List.of("ROLE_ADMIN", "ROLE_USER"));
	}

	@Test
	void loginWhenCodeReusedThenInvalidCode() {
		String code = this.simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-plain-user"));
		assertThat(this.http.postJson("/login/wechat", Map.of("code", code)).status()).isEqualTo(200);

		DemoHttpClient.Response response = this.http.postJson("/login/wechat", Map.of("code", code));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json()).containsEntry("status", 401).containsEntry("error", "invalid_code");
	}

	@Test
	void startupWhenSimulatorEnabledThenCurlCommandsLogged(CapturedOutput output) {
		String simulatorUrl = this.simulator.getBaseUrl();
		String appUrl = "http://127.0.0.1:" + this.port;
		assertThat(output.getOut())
			.contains("curl -s -X POST " + simulatorUrl + "/simulator/codes -H 'Content-Type: application/json' -d "
					+ "'{\"openid\":\"o-admin-openid\",\"unionid\":\"u-demo\",\"loginType\":\"weixinMiniProgram\"}'")
			.contains("curl -s -X POST " + appUrl + "/login/wechat -H 'Content-Type: application/json' -d "
					+ "'{\"code\":\"<code>\",\"redirectPath\":\"pages/index/index\"}'")
			.contains("curl -s " + appUrl + "/api/me -H 'Authorization: Bearer <access_token>'")
			.contains("CODE=$(curl -s -X POST " + simulatorUrl + "/simulator/codes")
			.contains("TOKEN=$(curl -s -X POST " + appUrl + "/login/wechat")
			.contains(appUrl + "/login/wechat/classic")
			.contains(simulatorUrl + "/simulator/encrypted-data")
			.contains(appUrl + "/api/werun");
	}

	@Test
	void outputWhenLoggedInThenNoSecretNorToken(CapturedOutput output) {
		String token = loginMultiApp(ADMIN_OPENID);
		String classicCode = this.simulator.issueCode(MINI_PROGRAM_APP_ID, SimulatedUser.miniProgram(ADMIN_OPENID));
		String classicToken = this.http.login("/login/wechat/classic", classicCode);
		assertThat(this.http.get("/api/me", token).status()).isEqualTo(200);
		assertThat(this.http.get("/api/admin/ping", classicToken).status()).isEqualTo(200);

		assertThat(output.getAll()).contains("/simulator/codes")
			.doesNotContain("demo-secret-for-the-simulator-only")
			.doesNotContain("demo-classic-secret-for-the-simulator-only")
			.doesNotContain("demo-token-secret-change-me-at-least-32-bytes-long")
			.doesNotContain(this.loginProperties.getSecret())
			.doesNotContain(this.loginProperties.getApps().get("classic").getSecret())
			.doesNotContain(this.loginProperties.getToken().getSecret())
			.doesNotContain(token)
			.doesNotContain(classicToken);
	}

	private String loginMultiApp(String openid) {
		String code = this.simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram(openid, "u-demo"));
		return this.http.login("/login/wechat", code);
	}

}
