package io.github.wechatlogin.knobs;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.config.WeChatLoginConfigurer;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import io.github.wechatlogin.token.InMemoryWeChatRefreshTokenStore;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The methods of {@link WeChatLoginConfigurer}, in an application whose own chains add WeChat
 * login with {@code http.with(weChatLogin(), ...)}: the {@code /dsl} chain sets every
 * collaborator and path (while {@code wechat.login.*} sets other paths: the configurer wins), the
 * {@code /plain/**} chain only logs in, without bearer tokens, with the application's beans.
 */
class ConfigurerKnobTests {

	static final String PROPERTY_APP_ID = "wx-knob-property-app";

	static final String DSL_APP_ID = "wx-knob-dsl-app";

	static final String SECRET = "knob-configurer-app-secret";

	static final String DSL_TOKEN_SECRET = "knob-dsl-token-secret-0123456789-0123456789";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(PROPERTY_APP_ID, SECRET)
		.app(DSL_APP_ID, SECRET)
		.build();

	@TempDir
	static Path keys;

	/** The key of the application's token service (wechat.login.token.signing-key-location). */
	private static KeyPair signingKey;

	private static KnobApp app;

	@BeforeAll
	static void start() {
		simulator.start();
		signingKey = KnobKeys.rsa();
		app = KnobApp.start(DslApplication.class, simulator, "wechat.login.app-id=" + PROPERTY_APP_ID,
				"wechat.login.secret=" + SECRET,
				"wechat.login.token.signing-key-location=" + KnobKeys.writePrivateKey(keys, "signing.pem", signingKey),
				"wechat.login.default-authorities=ROLE_PROPERTY", "wechat.login.login-path=/prop/login",
				"wechat.login.refresh-path=/prop/refresh", "wechat.login.logout-path=/prop/logout",
				"wechat.login.jwk-set-path=/prop/jwks", "wechat.login.phone-number-path=/prop/phone");
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
	@Knob(configurer = "loginPath")
	void loginPathWhenSetThenLoginThereAndNotAtThePropertysPath() throws Exception {
		assertThat(dslLogin("o-dsl-login").status()).isEqualTo(200);
		Response atProperty = app.loginWith("/prop/login", app.code(PROPERTY_APP_ID, "o-prop-login"), null);
		assertThat(atProperty.status()).as(atProperty.body()).isEqualTo(401);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
	}

	@Test
	@Knob(configurer = "refreshPath")
	void refreshPathWhenSetThenRefreshThereAndNotAtThePropertysPath() throws Exception {
		String refreshToken = dslLogin("o-dsl-refresh").text("refresh_token");
		for (String path : List.of("/prop/refresh", "/dsl/login/refresh")) {
			Response notThere = app.refresh(path, refreshToken);
			assertThat(notThere.status()).as("%s: %s", path, notThere.body()).isEqualTo(401);
			assertThat(notThere.body()).doesNotContain("access_token");
		}
		Response refreshed = app.refresh("/dsl/refresh", refreshToken);
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(refreshed.text("openid")).isEqualTo("dsl-o-dsl-refresh");
	}

	@Test
	@Knob(configurer = "logoutPath")
	void logoutPathWhenSetThenLogoutThereAndNotAtThePropertysPath() throws Exception {
		String token = dslLogin("o-dsl-logout").text("access_token");
		assertThat(app.postBearer("/prop/logout", token).status()).isNotEqualTo(204);
		assertThat(app.get("/api/me", token).status()).isEqualTo(200);
		Response logout = app.postBearer("/dsl/logout", token);
		assertThat(logout.status()).as(logout.body()).isEqualTo(204);
		assertThat(app.get("/api/me", token).status()).isEqualTo(401);
	}

	@Test
	@Knob(configurer = "jwkSetPath")
	void jwkSetPathWhenSetThenPublishedThereAndNotAtThePropertysPath() throws Exception {
		Response jwkSet = app.get("/dsl/jwks", null);
		assertThat(jwkSet.status()).as(jwkSet.body()).isEqualTo(200);
		List<String> kids = new ArrayList<>();
		jwkSet.json().get("keys").forEach((key) -> kids.add(key.get("kid").asString()));
		assertThat(kids).containsExactly(KnobKeys.kid(signingKey));
		assertThat(app.get("/prop/jwks", null).status()).isEqualTo(401);
	}

	@Test
	@Knob(configurer = "registrationRepository")
	void registrationRepositoryWhenSetThenItsRegistrationsLogInAndNotTheProperties() throws Exception {
		String token = dslLogin("o-dsl-registration").text("access_token");
		assertThat(app.get("/api/me", token).json().get("app_id").asString()).isEqualTo(DSL_APP_ID);
		assertThat(simulator.requests(Endpoint.JSCODE2SESSION).get(0).queryParameter("appid")).isEqualTo(DSL_APP_ID);
		// the registration of wechat.login.app-id is unknown to this chain (a multi-terminal app there)
		Response propertyApp = app.loginWith("/dsl/login", app.code(PROPERTY_APP_ID, "o-prop-app"), null);
		assertThat(propertyApp.status()).as(propertyApp.body()).isEqualTo(401);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
		// while the chain without it uses the application's
		String plain = app.login("/plain/login", PROPERTY_APP_ID, "o-plain-registration").text("access_token");
		assertThat(KnobKeys.payload(plain).get("app_id").asString()).isEqualTo(PROPERTY_APP_ID);
	}

	@Test
	@Knob(configurer = "observeRegistrationIds")
	void observeRegistrationIdsWhenOffThenLoginsTaggedAllAndNotWithTheId() throws Exception {
		app.login("/plain/login", PROPERTY_APP_ID, "o-plain-observed");
		MeterRegistry meters = app.bean(MeterRegistry.class);
		assertThat(meters.find("wechat.login").tags("registration", "all").timers()).isNotEmpty();
		// the chain without the setting tags its fixed registrations by id
		dslLogin("o-dsl-observed");
		assertThat(meters.find("wechat.login").tags("registration", "default").timers()).isNotEmpty();
	}

	@Test
	@Knob(configurer = "codeExchanger")
	void codeExchangerWhenSetThenItRedeemsTheCodes() throws Exception {
		assertThat(dslLogin("o-dsl-exchanger").text("openid")).isEqualTo("dsl-o-dsl-exchanger");
		assertThat(app.login("/plain/login", PROPERTY_APP_ID, "o-plain-exchanger").text("openid"))
			.isEqualTo("o-plain-exchanger");
	}

	@Test
	@Knob(configurer = "userService")
	void userServiceWhenSetThenItMakesTheUserAndNotTheApplicationsService() throws Exception {
		String token = dslLogin("o-dsl-user").text("access_token");
		assertThat(app.get("/api/me", token).json().get("authorities").toString()).isEqualTo("[\"ROLE_DSL\"]");
		String plain = app.login("/plain/login", PROPERTY_APP_ID, "o-plain-user").text("access_token");
		assertThat(KnobKeys.payload(plain).get("authorities").toString()).isEqualTo("[\"ROLE_PROPERTY\"]");
	}

	@Test
	@Knob(configurer = "tokenService")
	void tokenServiceWhenSetThenItIssuesTheTokens() throws Exception {
		Response login = dslLogin("o-dsl-tokens");
		assertThat(login.json().get("expires_in").intValue()).isEqualTo(11 * 60);
		String token = login.text("access_token");
		assertThat(KnobKeys.header(token).get("alg").asString()).isEqualTo("HS256");
		assertThat(KnobKeys.hmacDecoder(DSL_TOKEN_SECRET).decode(token).getClaimAsString("openid"))
			.isEqualTo("dsl-o-dsl-tokens");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> KnobKeys.rsaDecoder(signingKey).decode(token));
		// the chain without it: the application's token service, RS256 for two hours
		Response plain = app.login("/plain/login", PROPERTY_APP_ID, "o-plain-tokens");
		assertThat(plain.json().get("expires_in").intValue()).isEqualTo(7200);
		assertThat(KnobKeys.rsaDecoder(signingKey).decode(plain.text("access_token"))).isNotNull();
	}

	@Test
	@Knob(configurer = "jwtDecoder")
	void jwtDecoderWhenSetThenItAloneValidatesBearerTokens() throws Exception {
		String token = dslLogin("o-dsl-decoder").text("access_token");
		assertThat(app.get("/api/me", token).status()).isEqualTo(200);
		// valid for the application's own decoder (its signing key), not for the one set here
		String applicationToken = app.login("/plain/login", PROPERTY_APP_ID, "o-plain-decoder").text("access_token");
		assertThat(KnobKeys.rsaDecoder(signingKey).decode(applicationToken)).isNotNull();
		Response refused = app.get("/api/me", applicationToken);
		assertThat(refused.status()).as(refused.body()).isEqualTo(401);
		assertThat(refused.text("error")).isEqualTo("invalid_token");
	}

	@Test
	@Knob(configurer = "securityContextRepository")
	void securityContextRepositoryWhenHttpSessionThenLoginOpensASessionThatAuthenticates() throws Exception {
		Response login = dslLogin("o-dsl-session");
		String cookie = login.header("Set-Cookie");
		assertThat(cookie).startsWith("JSESSIONID=");
		Response me = app.getWithHeader("/api/me", "Cookie", cookie.substring(0, cookie.indexOf(';')));
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("openid").asString()).isEqualTo("dsl-o-dsl-session");
		assertThat(app.login("/plain/login", PROPERTY_APP_ID, "o-plain-session").header("Set-Cookie")).isNull();
	}

	@Test
	@Knob(configurer = "phoneNumberPath")
	void phoneNumberPathWhenSetThenPhoneNumbersThereAndNotAtThePropertysPath() throws Exception {
		String token = dslLogin("o-dsl-phone").text("access_token");
		String code = simulator.issuePhoneCode(DSL_APP_ID, "dsl-o-dsl-phone", "13800138000");
		for (String path : List.of("/prop/phone", "/dsl/login/phone-number")) {
			Response notThere = bindPhoneNumber(path, token, code);
			assertThat(notThere.status()).as("%s: %s", path, notThere.body()).isNotEqualTo(200);
		}
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isZero();
		Response bound = bindPhoneNumber("/dsl/phone", token, code);
		assertThat(bound.status()).as(bound.body()).isEqualTo(200);
		assertThat(bound.text("phone_number")).isEqualTo("13800138000");
		// the application declares no handler: the user, and so the tokens, stay as they are
		assertThat(bound.json().has("access_token")).isFalse();
	}

	private static Response bindPhoneNumber(String path, String token, String code) throws Exception {
		return app.send(app.request(path)
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
	}

	@Test
	@Knob(configurer = "bearerTokens")
	void bearerTokensWhenFalseThenTokensNotValidatedAndNoLogoutEndpoint() throws Exception {
		String token = app.login("/plain/login", PROPERTY_APP_ID, "o-plain-bearer").text("access_token");
		// a valid token of the application's token service and decoder
		assertThat(KnobKeys.rsaDecoder(signingKey).decode(token)).isNotNull();
		Response me = app.get("/plain/me", token);
		assertThat(me.status()).as(me.body()).isEqualTo(401);
		assertThat(app.postBearer("/plain/logout", token).status()).isNotEqualTo(204);
	}

	private static Response dslLogin(String openid) throws Exception {
		return app.login("/dsl/login", DSL_APP_ID, openid);
	}

	/**
	 * An application with two chains of its own that add WeChat login.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(DslApplication.Controller.class)
	static class DslApplication {

		@Bean
		@Order(1)
		SecurityFilterChain plain(HttpSecurity http) {
			http.securityMatcher("/plain/**")
				.with(WeChatLoginConfigurer.weChatLogin(), (login) -> login.loginPath("/plain/login")
					.refreshPath("/plain/refresh")
					.logoutPath("/plain/logout")
					.jwkSetPath("/plain/jwks")
					.observeRegistrationIds(false)
					.bearerTokens(false))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(AbstractHttpConfigurer::disable);
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain dsl(HttpSecurity http, WeChatCodeExchanger applicationExchanger) {
			WeChatRegistration registration = WeChatRegistration.withRegistrationId("default")
				.type(WeChatAppType.MINI_PROGRAM)
				.appId(DSL_APP_ID)
				.secret(SECRET)
				.build();
			JwtWeChatTokenService tokenService = new JwtWeChatTokenService(KnobKeys.hmacEncoder(DSL_TOKEN_SECRET),
					new InMemoryWeChatRefreshTokenStore(), new InMemoryWeChatTokenRevocationStore());
			tokenService.setAccessTokenTimeToLive(Duration.ofMinutes(11));
			http.with(WeChatLoginConfigurer.weChatLogin(), (login) -> login.loginPath("/dsl/login")
				.refreshPath("/dsl/refresh")
				.logoutPath("/dsl/logout")
				.jwkSetPath("/dsl/jwks")
				.phoneNumberPath("/dsl/phone")
				.registrationRepository(new InMemoryWeChatRegistrationRepository(registration))
				.codeExchanger((request) -> prefixed(applicationExchanger.exchange(request)))
				.userService((request) -> DefaultWeChatUserService.createUser(request,
						AuthorityUtils.createAuthorityList("ROLE_DSL")))
				.tokenService(tokenService)
				.jwtDecoder(KnobKeys.hmacDecoder(DSL_TOKEN_SECRET))
				.securityContextRepository(new HttpSessionSecurityContextRepository()))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.csrf(AbstractHttpConfigurer::disable);
			return http.build();
		}

		private static WeChatIdentity prefixed(WeChatIdentity identity) {
			return WeChatIdentity.builder()
				.openid("dsl-" + identity.getOpenid())
				.unionid(identity.getUnionid())
				.sessionKey(identity.getSessionKey())
				.loginType(identity.getLoginType())
				.build();
		}

		@RestController
		static class Controller {

			@GetMapping({ "/api/me", "/plain/me" })
			Map<String, Object> me(@AuthenticationPrincipal WeChatUser user) {
				return Map.of("openid", String.valueOf(user.getOpenid()), "app_id", user.getAppId(), "authorities",
						user.getAuthorities().stream().map(Object::toString).sorted().toList());
			}

		}

	}

}
