package io.github.wechatlogin.knobs;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.config.web.server.WeChatLoginServerConfigurer;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import io.github.wechatlogin.token.InMemoryWeChatRefreshTokenStore;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenResponse;
import io.github.wechatlogin.token.WeChatTokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The methods of the WebFlux {@link WeChatLoginServerConfigurer}, in a reactive application (Reactor
 * Netty, real HTTP, a connection per request) whose own {@link SecurityWebFilterChain}s add WeChat
 * login: {@code /plain/**} without bearer tokens, {@code /handlers/**} with the application's
 * success and failure handlers, {@code /manager/**} with its own authentication manager, and the
 * catch-all chain setting every path and collaborator (while {@code wechat.login.*} sets other
 * paths: the configurer wins).
 */
class ServerConfigurerKnobTests {

	static final String PROPERTY_APP_ID = "wx-knob-rx-property-app";

	static final String DSL_APP_ID = "wx-knob-rx-dsl-app";

	static final String SECRET = "knob-server-configurer-app-secret";

	static final String DSL_TOKEN_SECRET = "knob-rx-dsl-token-secret-0123456789-0123456789";

	static final String TOKEN_THREAD = "knob-token-scheduler";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(PROPERTY_APP_ID, SECRET)
		.app(DSL_APP_ID, SECRET)
		.build();

	/** The threads the DSL chain's token service was called on. */
	static final List<String> tokenThreads = new CopyOnWriteArrayList<>();

	static final Scheduler tokenScheduler = Schedulers.newSingle(TOKEN_THREAD);

	@TempDir
	static Path keys;

	private static KeyPair signingKey;

	private static KnobApp app;

	@BeforeAll
	static void start() {
		simulator.start();
		signingKey = KnobKeys.rsa();
		app = KnobApp.start(DslApplication.class, simulator, "spring.main.web-application-type=reactive",
				"wechat.login.app-id=" + PROPERTY_APP_ID, "wechat.login.secret=" + SECRET,
				"wechat.login.token.signing-key-location=" + KnobKeys.writePrivateKey(keys, "signing.pem", signingKey),
				"wechat.login.login-path=/prop/login", "wechat.login.refresh-path=/prop/refresh",
				"wechat.login.logout-path=/prop/logout", "wechat.login.jwk-set-path=/prop/jwks");
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(app, simulator, tokenScheduler::dispose);
	}

	@BeforeEach
	void reset() {
		simulator.reset();
		tokenThreads.clear();
	}

	@Test
	@Knob(serverConfigurer = "loginPath")
	void loginPathWhenSetThenLoginThereAndNotAtThePropertysPath() throws Exception {
		assertThat(dslLogin("o-rx-login").status()).isEqualTo(200);
		Response atProperty = app.loginWith("/prop/login", app.code(PROPERTY_APP_ID, "o-rx-prop-login"), null);
		assertThat(atProperty.status()).as(atProperty.body()).isEqualTo(401);
		assertThat(atProperty.body()).doesNotContain("access_token");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
	}

	@Test
	@Knob(serverConfigurer = "refreshPath")
	void refreshPathWhenSetThenRefreshThereAndNotAtThePropertysPath() throws Exception {
		String refreshToken = dslLogin("o-rx-refresh").text("refresh_token");
		for (String path : List.of("/prop/refresh", "/dsl/login/refresh")) {
			Response notThere = app.refresh(path, refreshToken);
			assertThat(notThere.status()).as("%s: %s", path, notThere.body()).isEqualTo(401);
			assertThat(notThere.body()).doesNotContain("access_token");
		}
		Response refreshed = app.refresh("/dsl/refresh", refreshToken);
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(refreshed.text("openid")).isEqualTo("o-rx-refresh");
	}

	@Test
	@Knob(serverConfigurer = "logoutPath")
	void logoutPathWhenSetThenLogoutThereAndNotAtThePropertysPath() throws Exception {
		String token = dslLogin("o-rx-logout").text("access_token");
		assertThat(app.postBearer("/prop/logout", token).status()).isNotEqualTo(204);
		assertThat(app.get("/api/me", token).status()).isEqualTo(200);
		Response logout = app.postBearer("/dsl/logout", token);
		assertThat(logout.status()).as(logout.body()).isEqualTo(204);
		assertThat(app.get("/api/me", token).status()).isEqualTo(401);
	}

	@Test
	@Knob(serverConfigurer = "jwkSetPath")
	void jwkSetPathWhenSetThenPublishedThereAndNotAtThePropertysPath() throws Exception {
		Response jwkSet = app.get("/dsl/jwks", null);
		assertThat(jwkSet.status()).as(jwkSet.body()).isEqualTo(200);
		assertThat(jwkSet.json().get("keys").get(0).get("kid").asString()).isEqualTo(KnobKeys.kid(signingKey));
		assertThat(app.get("/prop/jwks", null).status()).isEqualTo(401);
	}

	@Test
	@Knob(serverConfigurer = "registrationRepository")
	void registrationRepositoryWhenSetThenItsRegistrationsLogInAndNotTheProperties() throws Exception {
		String token = dslLogin("o-rx-registration").text("access_token");
		assertThat(app.get("/api/me", token).json().get("app_id").asString()).isEqualTo(DSL_APP_ID);
		assertThat(simulator.requests(Endpoint.JSCODE2SESSION).get(0).queryParameter("appid")).isEqualTo(DSL_APP_ID);
		// the registration of wechat.login.app-id is unknown to this chain
		Response propertyApp = app.loginWith("/dsl/login", app.code(PROPERTY_APP_ID, "o-rx-prop-app"), null);
		assertThat(propertyApp.status()).as(propertyApp.body()).isEqualTo(401);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
		// while a chain without it uses the application's
		String plain = app.login("/plain/login", PROPERTY_APP_ID, "o-rx-plain-registration").text("access_token");
		assertThat(KnobKeys.payload(plain).get("app_id").asString()).isEqualTo(PROPERTY_APP_ID);
	}

	@Test
	@Knob(serverConfigurer = "authenticationManager")
	void authenticationManagerWhenSetThenItAuthenticatesTheLoginsWithoutWeChat() throws Exception {
		Response login = app.loginWith("/manager/login", "any-code", null);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.text("openid")).isEqualTo("mgr-any-code");
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION) + simulator.requestCount(Endpoint.CODE2VERIFYINFO))
			.isZero();
		// the same code at a chain with the auto-configured manager goes to WeChat, which refuses it
		Response plain = app.loginWith("/plain/login", "any-code", null);
		assertThat(plain.status()).as(plain.body()).isEqualTo(401);
	}

	@Test
	@Knob(serverConfigurer = "tokenService")
	void tokenServiceWhenSetThenItIssuesTheTokens() throws Exception {
		Response login = dslLogin("o-rx-tokens");
		assertThat(login.json().get("expires_in").intValue()).isEqualTo(11 * 60);
		String token = login.text("access_token");
		assertThat(KnobKeys.header(token).get("alg").asString()).isEqualTo("HS256");
		assertThat(KnobKeys.hmacDecoder(DSL_TOKEN_SECRET).decode(token).getClaimAsString("openid"))
			.isEqualTo("o-rx-tokens");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> KnobKeys.rsaDecoder(signingKey).decode(token));
		Response plain = app.login("/plain/login", PROPERTY_APP_ID, "o-rx-plain-tokens");
		assertThat(plain.json().get("expires_in").intValue()).isEqualTo(7200);
		assertThat(KnobKeys.rsaDecoder(signingKey).decode(plain.text("access_token"))).isNotNull();
	}

	@Test
	@Knob(serverConfigurer = "jwtDecoder")
	void jwtDecoderWhenSetThenItAloneValidatesBearerTokens() throws Exception {
		String token = dslLogin("o-rx-decoder").text("access_token");
		assertThat(app.get("/api/me", token).status()).isEqualTo(200);
		// valid for the application's own decoder (its signing key), not for the one set here
		String applicationToken = app.login("/plain/login", PROPERTY_APP_ID, "o-rx-plain-decoder").text("access_token");
		assertThat(KnobKeys.rsaDecoder(signingKey).decode(applicationToken)).isNotNull();
		Response refused = app.get("/api/me", applicationToken);
		assertThat(refused.status()).as(refused.body()).isEqualTo(401);
		assertThat(refused.text("error")).isEqualTo("invalid_token");
	}

	@Test
	@Knob(serverConfigurer = "successHandler")
	void successHandlerWhenSetThenItAnswersTheLogin() throws Exception {
		Response login = app.loginWith("/handlers/login", app.code(PROPERTY_APP_ID, "o-rx-success"), null);
		assertThat(login.status()).as(login.body()).isEqualTo(202);
		assertThat(login.header("X-Knob")).isEqualTo("success o-rx-success");
		assertThat(login.body()).doesNotContain("access_token");
	}

	@Test
	@Knob(serverConfigurer = "failureHandler")
	void failureHandlerWhenSetThenItAnswersTheFailedLogin() throws Exception {
		Response login = app.loginWith("/handlers/login", "not-a-code-of-wechat", null);
		assertThat(login.status()).as(login.body()).isEqualTo(418);
		assertThat(login.header("X-Knob")).startsWith("failure ");
		// the default handler of another chain answers problem JSON
		Response plain = app.loginWith("/plain/login", "not-a-code-of-wechat", null);
		assertThat(plain.status()).isEqualTo(401);
		assertThat(plain.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	@Knob(serverConfigurer = "tokenScheduler")
	void tokenSchedulerWhenSetThenTokensIssuedAndCheckedOnIt() throws Exception {
		String token = dslLogin("o-rx-scheduler").text("access_token");
		assertThat(tokenThreads).hasSize(1).allSatisfy((thread) -> assertThat(thread).startsWith(TOKEN_THREAD));
		tokenThreads.clear();
		assertThat(app.get("/api/me", token).status()).isEqualTo(200);
		// the revocation check of the bearer token
		assertThat(tokenThreads).isNotEmpty().allSatisfy((thread) -> assertThat(thread).startsWith(TOKEN_THREAD));
	}

	@Test
	@Knob(serverConfigurer = "bearerTokens")
	void bearerTokensWhenFalseThenTokensNotValidatedAndNoLogoutEndpoint() throws Exception {
		String token = app.login("/plain/login", PROPERTY_APP_ID, "o-rx-plain-bearer").text("access_token");
		assertThat(KnobKeys.rsaDecoder(signingKey).decode(token)).isNotNull();
		Response me = app.get("/plain/me", token);
		assertThat(me.status()).as(me.body()).isEqualTo(401);
		assertThat(app.postBearer("/plain/logout", token).status()).isNotEqualTo(204);
	}

	private static Response dslLogin(String openid) throws Exception {
		return app.login("/dsl/login", DSL_APP_ID, openid);
	}

	/**
	 * A token service that records the thread of each call.
	 */
	static final class RecordingTokenService implements WeChatTokenService {

		private final WeChatTokenService delegate;

		RecordingTokenService(WeChatTokenService delegate) {
			this.delegate = delegate;
		}

		@Override
		public WeChatTokenResponse issue(WeChatAuthentication authentication) {
			tokenThreads.add(Thread.currentThread().getName());
			return this.delegate.issue(authentication);
		}

		@Override
		public WeChatTokenResponse refresh(String refreshToken, WeChatUserReloader userReloader) {
			tokenThreads.add(Thread.currentThread().getName());
			return this.delegate.refresh(refreshToken, userReloader);
		}

		@Override
		public void revoke(Jwt accessToken) {
			tokenThreads.add(Thread.currentThread().getName());
			this.delegate.revoke(accessToken);
		}

		@Override
		public boolean isRevoked(Jwt accessToken) {
			tokenThreads.add(Thread.currentThread().getName());
			return this.delegate.isRevoked(accessToken);
		}

	}

	/**
	 * A reactive application with four chains of its own that add WeChat login.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(DslApplication.Controller.class)
	static class DslApplication {

		@Bean
		@Order(1)
		SecurityWebFilterChain plain(ServerHttpSecurity http, ApplicationContext context) {
			http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/plain/**"));
			WeChatLoginServerConfigurer.weChatLogin(context)
				.loginPath("/plain/login")
				.refreshPath("/plain/refresh")
				.logoutPath("/plain/logout")
				.jwkSetPath("/plain/jwks")
				.bearerTokens(false)
				.configure(http);
			return authenticated(http);
		}

		@Bean
		@Order(2)
		SecurityWebFilterChain handlers(ServerHttpSecurity http, ApplicationContext context) {
			http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/handlers/**"));
			WeChatLoginServerConfigurer.weChatLogin(context)
				.loginPath("/handlers/login")
				.successHandler((exchange, authentication) -> answer(exchange.getExchange().getResponse(),
						HttpStatus.ACCEPTED, "success " + ((WeChatUser) authentication.getPrincipal()).getOpenid()))
				.failureHandler((exchange, exception) -> answer(exchange.getExchange().getResponse(),
						HttpStatus.I_AM_A_TEAPOT, "failure " + exception.getClass().getSimpleName()))
				.customize(http);
			return authenticated(http);
		}

		@Bean
		@Order(3)
		SecurityWebFilterChain manager(ServerHttpSecurity http, ApplicationContext context) {
			http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/manager/**"));
			ReactiveAuthenticationManager manager = (authentication) -> {
				String code = ((WeChatCodeAuthenticationToken) authentication).getCode();
				WeChatUser user = WeChatUser.withRegistration("default", PROPERTY_APP_ID)
					.identity((identity) -> identity.openid("mgr-" + code).loginType("mini-program"))
					.authorities(AuthorityUtils.createAuthorityList("ROLE_MANAGER"))
					.build();
				return Mono.just(new WeChatAuthentication(user));
			};
			WeChatLoginServerConfigurer.weChatLogin(context)
				.loginPath("/manager/login")
				.authenticationManager(manager)
				.configure(http);
			return authenticated(http);
		}

		@Bean
		@Order(4)
		SecurityWebFilterChain dsl(ServerHttpSecurity http, ApplicationContext context) {
			WeChatRegistration registration = WeChatRegistration.withRegistrationId("default")
				.type(WeChatAppType.MINI_PROGRAM)
				.appId(DSL_APP_ID)
				.secret(SECRET)
				.build();
			JwtWeChatTokenService tokenService = new JwtWeChatTokenService(KnobKeys.hmacEncoder(DSL_TOKEN_SECRET),
					new InMemoryWeChatRefreshTokenStore(), new InMemoryWeChatTokenRevocationStore());
			tokenService.setAccessTokenTimeToLive(Duration.ofMinutes(11));
			WeChatLoginServerConfigurer.weChatLogin(context)
				.loginPath("/dsl/login")
				.refreshPath("/dsl/refresh")
				.logoutPath("/dsl/logout")
				.jwkSetPath("/dsl/jwks")
				.registrationRepository(new InMemoryWeChatRegistrationRepository(registration))
				.tokenService(new RecordingTokenService(tokenService))
				.jwtDecoder(KnobKeys.hmacDecoder(DSL_TOKEN_SECRET))
				.tokenScheduler(tokenScheduler)
				.configure(http);
			return authenticated(http);
		}

		private static SecurityWebFilterChain authenticated(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
				.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
				.logout(ServerHttpSecurity.LogoutSpec::disable)
				.build();
		}

		private static Mono<Void> answer(ServerHttpResponse response, HttpStatus status, String knob) {
			response.setStatusCode(status);
			response.getHeaders().set("X-Knob", knob);
			return response.setComplete();
		}

		@RestController
		static class Controller {

			@GetMapping({ "/api/me", "/plain/me" })
			Mono<Map<String, Object>> me(@AuthenticationPrincipal WeChatUser user) {
				return Mono.just(Map.of("openid", String.valueOf(user.getOpenid()), "app_id", user.getAppId()));
			}

		}

	}

}
