package io.github.wechatlogin.knobs;

import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.RecordedRequest;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registrations: a default one that is a classic mini program with its own redirect rules
 * and authorities, and a multi-terminal application under {@code wechat.login.apps.partner} with
 * rules of its own.
 */
class RegistrationKnobTests {

	private static final String APP_ID = "wx-knob-mini";

	private static final String SECRET = "knob-mini-app-secret";

	private static final String PARTNER_APP_ID = "wx-knob-partner";

	private static final String PARTNER_SECRET = "knob-partner-app-secret";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(APP_ID, SECRET)
		.app(PARTNER_APP_ID, PARTNER_SECRET)
		.build();

	private static KnobApp app;

	@BeforeAll
	static void start() {
		simulator.start();
		app = KnobApp.start(KnobApplication.class, simulator, "wechat.login.type=mini-program",
				"wechat.login.app-id=" + APP_ID, "wechat.login.secret=" + SECRET,
				"wechat.login.redirect-path=pages/home/index", "wechat.login.allowed-redirect-paths=pages/shop/**",
				"wechat.login.default-authorities=ROLE_MEMBER,SCOPE_orders",
				"wechat.login.apps.partner.type=multi-app", "wechat.login.apps.partner.app-id=" + PARTNER_APP_ID,
				"wechat.login.apps.partner.secret=" + PARTNER_SECRET,
				"wechat.login.apps.partner.redirect-path=pages/partner/index",
				"wechat.login.apps.partner.allowed-redirect-paths=subpkg/**");
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(app, simulator);
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	@Knob(properties = "wechat.login.type")
	void typeWhenMiniProgramThenCodesRedeemedWithJsCode2Session() throws Exception {
		app.login("/login/wechat", APP_ID, "o-type");
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isZero();
	}

	@Test
	@Knob(properties = { "wechat.login.app-id", "wechat.login.secret" })
	void appIdAndSecretWhenSetThenSentToWeChatAndTheUsersAppId() throws Exception {
		String token = app.login("/login/wechat", APP_ID, "o-app-id").text("access_token");
		RecordedRequest exchange = simulator.requests(Endpoint.JSCODE2SESSION).get(0);
		assertThat(exchange.queryParameter("appid")).isEqualTo(APP_ID);
		assertThat(exchange.queryParameter("secret")).isEqualTo(SECRET);
		assertThat(app.get("/api/me", token).json().get("app_id").asString()).isEqualTo(APP_ID);
	}

	@Test
	@Knob(properties = "wechat.login.redirect-path")
	void redirectPathWhenSetThenAnsweredWhenTheClientSendsNone() throws Exception {
		Response login = app.login("/login/wechat", APP_ID, "o-redirect");
		assertThat(login.text("redirect_path")).isEqualTo("pages/home/index");
	}

	@Test
	@Knob(properties = "wechat.login.allowed-redirect-paths")
	void allowedRedirectPathsWhenSetThenOnlyMatchingPathsAccepted() throws Exception {
		Response allowed = app.loginWith("/login/wechat", app.code(APP_ID, "o-allowed"), "pages/shop/cart");
		assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
		assertThat(allowed.text("redirect_path")).isEqualTo("pages/shop/cart");
		// allowed by the default pages/**, not by pages/shop/**
		Response refused = app.loginWith("/login/wechat", app.code(APP_ID, "o-refused"), "pages/index/index");
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.text("error")).isEqualTo("invalid_request");
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
	}

	@Test
	@Knob(properties = "wechat.login.default-authorities")
	void defaultAuthoritiesWhenSetThenEveryUserHasThem() throws Exception {
		String token = app.login("/login/wechat", APP_ID, "o-authorities").text("access_token");
		JsonNode me = app.get("/api/me", token).json();
		assertThat(me.get("authorities").toString()).isEqualTo("[\"ROLE_MEMBER\",\"SCOPE_orders\"]");
		assertThat(app.get("/api/admin", token).status()).isEqualTo(403);
	}

	@Test
	@Knob(properties = { "wechat.login.apps", "wechat.login.apps.<name>.app-id", "wechat.login.apps.<name>.secret" })
	void appsWhenEntryThenItLogsInBelowTheLoginPathWithItsAppIdAndSecret() throws Exception {
		String token = app.login("/login/wechat/partner", PARTNER_APP_ID, "o-partner").text("access_token");
		JsonNode me = app.get("/api/me", token).json();
		assertThat(me.get("registration_id").asString()).isEqualTo("partner");
		assertThat(me.get("app_id").asString()).isEqualTo(PARTNER_APP_ID);
		JsonNode tokenRequest = JsonMapper.shared().readTree(simulator.requests(Endpoint.STABLE_TOKEN).get(0).body());
		assertThat(tokenRequest.get("appid").asString()).isEqualTo(PARTNER_APP_ID);
		assertThat(tokenRequest.get("secret").asString()).isEqualTo(PARTNER_SECRET);
	}

	@Test
	@Knob(properties = "wechat.login.apps.<name>.type")
	void appTypeWhenMultiAppUnderMiniProgramDefaultThenCodesRedeemedWithCode2VerifyInfo() throws Exception {
		app.login("/login/wechat/partner", PARTNER_APP_ID, "o-partner-type");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isZero();
	}

	@Test
	@Knob(properties = "wechat.login.apps.<name>.redirect-path")
	void appRedirectPathWhenSetThenAnsweredWhenTheClientSendsNone() throws Exception {
		Response login = app.login("/login/wechat/partner", PARTNER_APP_ID, "o-partner-redirect");
		assertThat(login.text("redirect_path")).isEqualTo("pages/partner/index");
	}

	@Test
	@Knob(properties = "wechat.login.apps.<name>.allowed-redirect-paths")
	void appAllowedRedirectPathsWhenSetThenTheyReplaceTheTopLevelOnes() throws Exception {
		Response allowed = app.loginWith("/login/wechat/partner", app.code(PARTNER_APP_ID, "o-sub"), "subpkg/a/b");
		assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
		assertThat(allowed.text("redirect_path")).isEqualTo("subpkg/a/b");
		// allowed by the top-level pages/shop/**, not by this entry's subpkg/**
		Response refused = app.loginWith("/login/wechat/partner", app.code(PARTNER_APP_ID, "o-shop"),
				"pages/shop/cart");
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.text("error")).isEqualTo("invalid_request");
	}

}
