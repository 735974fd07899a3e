package io.github.wechatlogin.knobs;

import java.net.http.HttpRequest;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint paths, moved by {@code wechat.login.*} in an application that relies on the
 * auto-configuration's default chain: each endpoint answers at its new path and no longer at its
 * default one.
 */
class EndpointKnobTests {

	private static final String APP_ID = "wx-knob-endpoints";

	private static final String SECOND_APP_ID = "wx-knob-endpoints-2";

	private static final String SECRET = "knob-endpoints-app-secret";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(APP_ID, SECRET)
		.app(SECOND_APP_ID, SECRET)
		.build();

	@TempDir
	static Path keys;

	private static KeyPair signingKey;

	private static KnobApp app;

	@BeforeAll
	static void start() {
		simulator.start();
		signingKey = KnobKeys.rsa();
		app = KnobApp.start(KnobApplication.class, simulator, "wechat.login.app-id=" + APP_ID,
				"wechat.login.secret=" + SECRET, "wechat.login.apps.second.app-id=" + SECOND_APP_ID,
				"wechat.login.apps.second.secret=" + SECRET, "wechat.login.apps.second.type=mini-program",
				"wechat.login.phone-number-path=/auth/phone",
				"wechat.login.token.signing-key-location="
						+ KnobKeys.writePrivateKey(keys, "signing.pem", signingKey),
				"wechat.login.login-path=/auth/wx", "wechat.login.refresh-path=/auth/renew",
				"wechat.login.logout-path=/auth/bye", "wechat.login.jwk-set-path=/keys/wechat-jwks.json");
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(app, simulator);
	}

	@Test
	@Knob(properties = "wechat.login.login-path")
	void loginPathWhenSetThenLoginThereAndForOtherRegistrationsBelowItAndNotAtTheDefault() throws Exception {
		Response login = app.login("/auth/wx", APP_ID, "o-moved");
		assertThat(login.text("openid")).isEqualTo("o-moved");
		Response second = app.login("/auth/wx/second", SECOND_APP_ID, "o-second");
		assertThat(app.get("/api/me", second.text("access_token")).json().get("registration_id").asString())
			.isEqualTo("second");
		int exchanges = simulator.requestCount(Endpoint.CODE2VERIFYINFO);
		Response atDefault = app.loginWith("/login/wechat", app.code(APP_ID, "o-default"), null);
		assertThat(atDefault.status()).as(atDefault.body()).isEqualTo(401);
		assertThat(atDefault.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(exchanges);
	}

	@Test
	@Knob(properties = "wechat.login.refresh-path")
	void refreshPathWhenSetThenRefreshThereAndNotBelowTheLoginPath() throws Exception {
		Response login = app.login("/auth/wx", APP_ID, "o-refresh");
		Response refreshed = app.refresh("/auth/renew", login.text("refresh_token"));
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(refreshed.text("openid")).isEqualTo("o-refresh");
		for (String path : List.of("/auth/wx/refresh", "/login/wechat/refresh")) {
			Response notThere = app.refresh(path, refreshed.text("refresh_token"));
			assertThat(notThere.status()).as("%s: %s", path, notThere.body()).isEqualTo(401);
			assertThat(notThere.body()).doesNotContain("access_token");
		}
		// the refresh token was not consumed by those requests
		assertThat(app.refresh("/auth/renew", refreshed.text("refresh_token")).status()).isEqualTo(200);
	}

	@Test
	@Knob(properties = "wechat.login.logout-path")
	void logoutPathWhenSetThenLogoutThereAndTheDefaultPathRevokesNothing() throws Exception {
		String token = app.login("/auth/wx", APP_ID, "o-logout").text("access_token");
		Response atDefault = app.postBearer("/logout", token);
		assertThat(atDefault.status()).as(atDefault.body()).isNotEqualTo(204);
		assertThat(app.get("/api/me", token).status()).isEqualTo(200);
		Response logout = app.postBearer("/auth/bye", token);
		assertThat(logout.status()).as(logout.body()).isEqualTo(204);
		assertThat(app.get("/api/me", token).status()).isEqualTo(401);
	}

	@Test
	@Knob(properties = "wechat.login.phone-number-path")
	void phoneNumberPathWhenSetThenPhoneNumbersThereAndNotBelowTheLoginPath() throws Exception {
		String token = app.login("/auth/wx/second", SECOND_APP_ID, "o-phone").text("access_token");
		String code = simulator.issuePhoneCode(SECOND_APP_ID, "o-phone", "13800138000");
		for (String path : List.of("/auth/wx/phone-number", "/login/wechat/phone-number")) {
			Response notThere = app.send(app.request(path)
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
			assertThat(notThere.status()).as("%s: %s", path, notThere.body()).isNotEqualTo(200);
		}
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isZero();
		Response bound = app.send(app.request("/auth/phone")
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
		assertThat(bound.status()).as(bound.body()).isEqualTo(200);
		assertThat(bound.text("pure_phone_number")).isEqualTo("13800138000");
	}

	@Test
	@Knob(properties = "wechat.login.jwk-set-path")
	void jwkSetPathWhenSetThenPublishedThereAndNotAtTheDefault() throws Exception {
		Response jwkSet = app.get("/keys/wechat-jwks.json", null);
		assertThat(jwkSet.status()).as(jwkSet.body()).isEqualTo(200);
		assertThat(jwkSet.header("Content-Type")).startsWith("application/jwk-set+json");
		List<String> kids = new ArrayList<>();
		jwkSet.json().get("keys").forEach((key) -> kids.add(key.get("kid").asString()));
		assertThat(kids).containsExactly(KnobKeys.kid(signingKey));
		Response atDefault = app.get("/.well-known/jwks.json", null);
		assertThat(atDefault.status()).isEqualTo(401);
		assertThat(atDefault.body()).doesNotContain(KnobKeys.kid(signingKey));
	}

}
