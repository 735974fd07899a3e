package io.github.wechatlogin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.config.WeChatLoginChainVerifier;
import io.github.wechatlogin.config.WeChatLoginConfigurer;
import io.github.wechatlogin.knobs.Knob;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * WeChat login inside an existing application, as its developers would add it: several chains
 * (a stateless {@code /api/**} chain with WeChat login, a chain validating another issuer's
 * tokens through Spring Boot's resource-server auto-configuration, a form-login chain), its own
 * method security, paths from {@code application.yml}; a real server, the simulator on loopback.
 */
class ExistingApplicationIntegrationTests {

	private static final String APP_ID = "wx-existing-app";

	private static final String SECRET = "existing-app-secret-0123456789";

	private static final String TOKEN_SECRET = "existing-app-token-secret-0123456789-0123456789";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).build();

	@TempDir
	static Path keys;

	private static KeyPair otherIssuer;

	private static ConfigurableApplicationContext app;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@BeforeAll
	static void start() {
		simulator.start();
		otherIssuer = TestKeys.rsa(2048);
		app = run(ExistingApplication.class, "wechat.login.login-path=/api/login/wechat",
				"wechat.login.logout-path=/api/logout");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		simulator.close();
	}

	@Test
	@Knob(properties = "wechat.login.login-path")
	void loginWhenLoginPathFromPropertiesThenServedInsideApiChain() throws Exception {
		JsonNode login = login(app, "/api/login/wechat", "o-api");
		assertThat(login.get("openid").stringValue()).isEqualTo("o-api");
		Response me = get(app, "/api/me", login.get("access_token").stringValue());
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("openid").stringValue()).isEqualTo("o-api");
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-default-path", null));
		int exchanges = simulator.requestCount(Endpoint.CODE2VERIFYINFO);
		Response atDefault = post(app, "/login/wechat", null, "{\"code\":\"" + code + "\"}");
		assertRefusedByAdminChain(atDefault);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(exchanges);
	}

	@Test
	void refreshWhenLoginPathFromPropertiesThenBelowIt() throws Exception {
		JsonNode login = login(app, "/api/login/wechat", "o-refresh");
		Response refreshed = post(app, "/api/login/wechat/refresh", null,
				"{\"refresh_token\":\"" + login.get("refresh_token").stringValue() + "\"}");
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(refreshed.json().get("openid").stringValue()).isEqualTo("o-refresh");
		Response atDefault = post(app, "/login/wechat/refresh", null,
				"{\"refresh_token\":\"" + refreshed.json().get("refresh_token").stringValue() + "\"}");
		assertRefusedByAdminChain(atDefault);
	}

	@Test
	@Knob(properties = "wechat.login.logout-path")
	void logoutWhenLogoutPathFromPropertiesThenRevokedAndFormLogoutLeftAlone() throws Exception {
		String token = login(app, "/api/login/wechat", "o-logout").get("access_token").stringValue();
		Response formLogout = post(app, "/logout", token, "");
		assertRefusedByAdminChain(formLogout);
		assertThat(get(app, "/api/me", token).status()).isEqualTo(200);
		Response logout = post(app, "/api/logout", token, "");
		assertThat(logout.status()).as(logout.body()).isEqualTo(204);
		assertThat(get(app, "/api/me", token).status()).isEqualTo(401);
	}

	@Test
	void preAuthorizeWhenApplicationOwnMethodSecurityThenPrincipalAndRolesWork() throws Exception {
		String admin = login(app, "/api/login/wechat", "o-admin").get("access_token").stringValue();
		String user = login(app, "/api/login/wechat", "o-user").get("access_token").stringValue();
		assertThat(get(app, "/api/admin", admin).status()).isEqualTo(200);
		assertThat(get(app, "/api/admin", user).status()).isEqualTo(403);
		assertThat(get(app, "/api/owner", admin).status()).isEqualTo(403);
		assertThat(get(app, "/api/owner", user).status()).isEqualTo(200);
	}

	@Test
	void bearerWhenTokensOfEachIssuerThenAcceptedOnlyOnTheirOwnChain() throws Exception {
		String weChat = login(app, "/api/login/wechat", "o-boundary").get("access_token").stringValue();
		String internal = otherIssuerToken();
		assertThat(get(app, "/internal/ping", internal).status()).isEqualTo(200);
		assertThat(get(app, "/internal/ping", weChat).status()).isEqualTo(401);
		assertThat(get(app, "/api/me", internal).status()).isEqualTo(401);
		assertThat(get(app, "/api/me", weChat).status()).isEqualTo(200);
		for (String token : List.of(weChat, internal)) {
			assertRefusedByAdminChain(get(app, "/admin/dashboard", token));
		}
	}

	@Test
	void contextWhenApplicationResourceServerThenItsDecoderKeptAndNoStarterCodecsOfTheseTypes() {
		assertThat(app.getBeanNamesForType(org.springframework.security.oauth2.jwt.JwtDecoder.class)).hasSize(1);
		assertThat(app.getBeanNamesForType(org.springframework.security.oauth2.jwt.JwtEncoder.class)).isEmpty();
	}

	@Test
	void startWhenChainCannotReachLoginEndpointThenFailsNamingEndpointAndProperty() {
		assertThatException().isThrownBy(() -> run(ExistingApplication.class))
			.withStackTraceContaining("login endpoint of registration 'default'")
			.withStackTraceContaining("(POST /login/wechat) cannot be reached")
			.withStackTraceContaining("its securityMatcher does not match it")
			.withStackTraceContaining("wechat.login.login-path or weChatLogin().loginPath(...)");
	}

	@Test
	@Knob(properties = "wechat.login.verify-chains")
	void startWhenVerifyChainsFalseThenUnreachableEndpointDoesNotStopTheStart() {
		try (ConfigurableApplicationContext unchecked = run(ExistingApplication.class,
				"wechat.login.verify-chains=false")) {
			assertThat(unchecked.getBeanNamesForType(WeChatLoginChainVerifier.class)).isEmpty();
		}
	}

	@Test
	void startWhenChainCannotReachPhoneNumberEndpointThenFailsNamingEndpointAndProperty() {
		assertThatException()
			.isThrownBy(() -> run(ExistingApplication.class, "wechat.login.login-path=/api/login/wechat",
					"wechat.login.logout-path=/api/logout", "wechat.login.phone-number-path=/phone"))
			.withStackTraceContaining("phone number endpoint (POST /phone) cannot be reached")
			.withStackTraceContaining("wechat.login.phone-number-path or weChatLogin().phoneNumberPath(...)");
	}

	@Test
	void startWhenEarlierActuatorChainThenEndpointStillChecked() {
		assertThatException().isThrownBy(() -> run(ActuatorChainApplication.class))
			.withStackTraceContaining("(POST /login/wechat) cannot be reached");
	}

	@Test
	void startWhenSecurityDebugThenEndpointStillChecked() {
		assertThatException().isThrownBy(() -> run(DebugApplication.class))
			.withStackTraceContaining("(POST /login/wechat) cannot be reached");
	}

	@Test
	void startWhenLazyInitializationThenEndpointStillChecked() {
		assertThatException()
			.isThrownBy(() -> run(ExistingApplication.class, "spring.main.lazy-initialization=true"))
			.withStackTraceContaining("(POST /login/wechat) cannot be reached");
	}

	@Test
	void startWhenChainCannotReachLogoutEndpointThenFailsNamingIt() {
		assertThatException()
			.isThrownBy(() -> run(ExistingApplication.class, "wechat.login.login-path=/api/login/wechat"))
			.withStackTraceContaining("WeChat login's logout endpoint (POST /logout)")
			.withStackTraceContaining("wechat.login.logout-path");
	}

	@Test
	void startWhenEarlierChainShadowsRefreshEndpointThenFailsNamingIt() {
		assertThatException()
			.isThrownBy(() -> run(ShadowingApplication.class, "wechat.login.login-path=/api/login/wechat",
					"wechat.login.logout-path=/api/logout", "wechat.login.refresh-path=/api/public/refresh"))
			.withStackTraceContaining("WeChat login's refresh endpoint (POST /api/public/refresh)")
			.withStackTraceContaining("handled by an earlier SecurityFilterChain (with request matcher Or [PathPattern [/api/public/**]])")
			.withStackTraceContaining("wechat.login.refresh-path or weChatLogin().refreshPath(...)");
	}

	@Test
	void startWhenResourceServerPropertiesAndNoChainThenFailsSayingWhatToDeclare() {
		assertThatException().isThrownBy(() -> run(NoChainApplication.class))
			.withStackTraceContaining("declares no SecurityFilterChain")
			.withStackTraceContaining("jwtDecoder")
			.withStackTraceContaining("docs/existing-applications.md");
	}

	@Test
	void startWhenTwoCodeGuardsThenFailsNamingBoth() {
		assertThatException()
			.isThrownBy(() -> run(TwoCodeGuardsApplication.class, "wechat.login.login-path=/api/login/wechat",
					"wechat.login.logout-path=/api/logout"))
			.withStackTraceContaining(WeChatCodeGuard.class.getName())
			.withStackTraceContaining("firstGuard")
			.withStackTraceContaining("secondGuard")
			.withStackTraceContaining("@Primary");
	}

	@Test
	void logoutWhenSharedWithFormLoginThenBearerLogoutExemptAndFormLogoutStillCsrfProtected() throws Exception {
		try (ConfigurableApplicationContext shared = run(SharedChainApplication.class)) {
			Response formLogout = post(shared, "/logout", null, "");
			assertThat(formLogout.status()).as("refused by the CSRF check, not a logout").isIn(401, 403);
			assertThat(formLogout.header("Location")).isNull();
			String token = login(shared, "/login/wechat", "o-shared").get("access_token").stringValue();
			assertThat(post(shared, "/logout", token, "").status()).isEqualTo(204);
			assertThat(get(shared, "/api/me", token).status()).isEqualTo(401);
		}
	}

	@Test
	void phoneNumberWhenInsideApiChainThenBoundThereAndTheDefaultPathLeftToTheAdminChain() throws Exception {
		try (ConfigurableApplicationContext mini = run(ExistingApplication.class, "wechat.login.type=mini-program",
				"wechat.login.login-path=/api/login/wechat", "wechat.login.logout-path=/api/logout")) {
			String token = login(mini, "/api/login/wechat", "o-phone").get("access_token").stringValue();
			String code = simulator.issuePhoneCode(APP_ID, "o-phone", "13800138000");
			int calls = simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER);
			assertRefusedByAdminChain(post(mini, "/login/wechat/phone-number", token, "{\"code\":\"" + code + "\"}"));
			// another issuer's token is no WeChat login
			Response foreign = post(mini, "/api/login/wechat/phone-number", otherIssuerToken(),
					"{\"code\":\"" + code + "\"}");
			assertThat(foreign.status()).as(foreign.body()).isEqualTo(401);
			assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(calls);
			Response bound = post(mini, "/api/login/wechat/phone-number", token, "{\"code\":\"" + code + "\"}");
			assertThat(bound.status()).as(bound.body()).isEqualTo(200);
			assertThat(bound.json().get("phone_number").stringValue()).isEqualTo("13800138000");
			// the internal chain's tokens still work there
			assertThat(get(mini, "/internal/ping", otherIssuerToken()).status()).isEqualTo(200);
		}
	}

	@Test
	void phoneNumberWhenSharedWithFormLoginThenBearerRequestExemptFromCsrf() throws Exception {
		try (ConfigurableApplicationContext shared = run(SharedChainApplication.class, "wechat.login.type=mini-program")) {
			String token = login(shared, "/login/wechat", "o-shared-phone").get("access_token").stringValue();
			String code = simulator.issuePhoneCode(APP_ID, "o-shared-phone", "13800138001");
			Response anonymous = post(shared, "/login/wechat/phone-number", null, "{\"code\":\"" + code + "\"}");
			assertThat(anonymous.status()).as("refused by the CSRF check").isIn(401, 403);
			Response bound = post(shared, "/login/wechat/phone-number", token, "{\"code\":\"" + code + "\"}");
			assertThat(bound.status()).as(bound.body()).isEqualTo(200);
		}
	}

	@Test
	void loginWhenServletPathSetThenEndpointsBelowIt() throws Exception {
		try (ConfigurableApplicationContext below = run(ExistingApplication.class, "spring.mvc.servlet.path=/app",
				"wechat.login.login-path=/api/login/wechat", "wechat.login.logout-path=/api/logout")) {
			JsonNode login = login(below, "/app/api/login/wechat", "o-servlet-path");
			String token = login.get("access_token").stringValue();
			assertThat(get(below, "/app/api/me", token).status()).isEqualTo(200);
			Response refreshed = post(below, "/app/api/login/wechat/refresh", null,
					"{\"refresh_token\":\"" + login.get("refresh_token").stringValue() + "\"}");
			assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
			assertThat(post(below, "/app/api/logout", token, "").status()).isEqualTo(204);
		}
	}

	/**
	 * The admin chain's answer to an anonymous request it refuses (no session; for a POST, no
	 * CSRF token): a redirect to its login page.
	 */
	private static void assertRefusedByAdminChain(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(302);
		assertThat(response.header("Location")).matches("http://127\\.0\\.0\\.1:\\d+/login(;jsessionid=\\w+)?");
	}

	private static ConfigurableApplicationContext run(Class<?> application, String... properties) {
		String publicKey = TestKeys.writePublicKey(keys, "other-issuer-" + System.nanoTime() + ".pem", otherIssuer);
		return new SpringApplicationBuilder(application)
			.properties("server.port=0", "server.address=127.0.0.1", "wechat.login.app-id=" + APP_ID,
					"wechat.login.secret=" + SECRET, "wechat.login.api-base-url=" + simulator.getBaseUrl(),
					"wechat.login.token.secret=" + TOKEN_SECRET,
					"spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey)
			.properties(properties)
			.run();
	}

	private String otherIssuerToken() {
		RSAKey key = new RSAKey.Builder((RSAPublicKey) otherIssuer.getPublic())
			.privateKey((RSAPrivateKey) otherIssuer.getPrivate())
			.keyID("internal")
			.build();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer("https://idp.internal.example")
			.subject("service-a")
			.issuedAt(now)
			.expiresAt(now.plusSeconds(300))
			.claim("scope", "internal")
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}

	private JsonNode login(ConfigurableApplicationContext context, String path, String openid) throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram(openid, null));
		Response response = post(context, path, null, "{\"code\":\"" + code + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private Response get(ConfigurableApplicationContext context, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(context, path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return Response.of(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	private Response post(ConfigurableApplicationContext context, String path, String token, String json)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(context, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return Response.of(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	/**
	 * The controllers of the application.
	 */
	@RestController
	static class Controllers {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal WeChatUser user) {
			return Map.of("openid", String.valueOf(user.getOpenid()));
		}

		@GetMapping("/api/owner")
		@PreAuthorize("principal.openid == 'o-user'")
		Map<String, Object> owner() {
			return Map.of("owner", true);
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> admin() {
			return Map.of("admin", true);
		}

		@GetMapping("/api/public/hello")
		Map<String, Object> hello() {
			return Map.of("hello", true);
		}

		@GetMapping("/internal/ping")
		Map<String, Object> internal() {
			return Map.of("internal", true);
		}

		@GetMapping("/admin/dashboard")
		Map<String, Object> dashboard() {
			return Map.of("dashboard", true);
		}

	}

	/**
	 * The chains of the internal API and of the admin pages, and the admins among the WeChat
	 * users.
	 */
	@Configuration(proxyBeanMethods = false)
	static class InternalAndAdminChains {

		@Bean
		@Order(2)
		SecurityFilterChain internal(HttpSecurity http) {
			http.securityMatcher("/internal/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SCOPE_internal"))
				.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(AbstractHttpConfigurer::disable);
			return http.build();
		}

		@Bean
		@Order(3)
		SecurityFilterChain admin(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated()).formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService admins() {
			return new InMemoryUserDetailsManager(
					User.withUsername("admin").password("{noop}admin-password").roles("ADMIN").build());
		}

		@Bean
		io.github.wechatlogin.authentication.WeChatUserService weChatUserService() {
			return (request) -> io.github.wechatlogin.authentication.DefaultWeChatUserService.createUser(request,
					org.springframework.security.core.authority.AuthorityUtils.createAuthorityList(
							"o-admin".equals(request.identity().getOpenid()) ? List.of("ROLE_USER", "ROLE_ADMIN")
									: List.of("ROLE_USER")));
		}

	}

	/**
	 * An existing application: its own method security, a stateless {@code /api/**} chain with
	 * WeChat login, an internal chain for another issuer's tokens, a form-login admin chain.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableMethodSecurity
	@Import({ Controllers.class, InternalAndAdminChains.class })
	static class ExistingApplication {

		@Bean
		@Order(1)
		SecurityFilterChain api(HttpSecurity http) {
			http.securityMatcher("/api/**")
				.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/public/**")
					.permitAll()
					.anyRequest()
					.authenticated())
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(AbstractHttpConfigurer::disable);
			return http.build();
		}

	}

	/**
	 * The existing application with Spring Security's debug filter, which wraps the
	 * {@code FilterChainProxy}.
	 */
	@Configuration(proxyBeanMethods = false)
	@Import(ExistingApplication.class)
	static class DebugApplication {

		@Bean
		WebSecurityCustomizer debug() {
			return (web) -> web.debug(true);
		}

	}

	/**
	 * An application whose earlier chain takes {@code /api/public/**}, where the refresh
	 * endpoint was moved.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Controllers.class, InternalAndAdminChains.class })
	static class ShadowingApplication {

		@Bean
		@Order(0)
		SecurityFilterChain publicPages(HttpSecurity http) {
			http.securityMatcher("/api/public/**").authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}

		@Bean
		@Order(1)
		SecurityFilterChain api(HttpSecurity http) {
			http.securityMatcher("/api/**").with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults());
			return http.build();
		}

	}

	/**
	 * An application with one chain for everything: form login with sessions and CSRF, and
	 * WeChat login at its default paths.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controllers.class)
	static class SharedChainApplication {

		@Bean
		SecurityFilterChain everything(HttpSecurity http) {
			http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService admins() {
			return new InMemoryUserDetailsManager(
					User.withUsername("admin").password("{noop}admin-password").roles("ADMIN").build());
		}

	}

	/**
	 * The existing application with an Actuator chain first, whose matcher needs the servlet
	 * context to answer.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ExistingApplication.class)
	static class ActuatorChainApplication {

		@Bean
		@Order(0)
		SecurityFilterChain actuator(HttpSecurity http) {
			http.securityMatcher(EndpointRequest.toAnyEndpoint())
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}

	}

	/**
	 * An application with Spring Boot's resource server (from the properties) and no chain.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controllers.class)
	static class NoChainApplication {

	}

	/**
	 * An application with two code guards, none primary.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Controllers.class, InternalAndAdminChains.class })
	static class TwoCodeGuardsApplication {

		@Bean
		@Order(1)
		SecurityFilterChain api(HttpSecurity http) {
			http.securityMatcher("/api/**").with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults());
			return http.build();
		}

		@Bean
		WeChatCodeGuard firstGuard() {
			return new InMemoryWeChatCodeGuard();
		}

		@Bean
		WeChatCodeGuard secondGuard() {
			return new InMemoryWeChatCodeGuard();
		}

	}

}
