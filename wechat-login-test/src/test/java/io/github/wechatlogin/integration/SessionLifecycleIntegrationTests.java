package io.github.wechatlogin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.knobs.Knob;
import io.github.wechatlogin.test.simulator.MutableClock;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenCustomizer;
import io.github.wechatlogin.token.WeChatBearerTokenAuthentication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import reactor.core.publisher.Mono;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.annotation.CurrentSecurityContext;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login session over time, on a real server with the simulator: refresh asks the application
 * again about the user (a ban ends the session, a new role appears), no refresh outlives
 * {@code max-session-age} (the token service runs on a clock the test moves), and a bearer
 * request's {@code Authentication} keeps its token, claims and factors. One suite, two stacks:
 * {@link SessionLifecycleIntegrationServletTests} and {@link SessionLifecycleIntegrationReactiveTests}.
 */
@SpringBootTest(classes = SessionLifecycleIntegrationTests.SessionApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wechat.login.app-id=" + SessionLifecycleIntegrationTests.APP_ID,
				"wechat.login.secret=session-it-app-secret",
				"wechat.login.token.secret=session-it-token-secret-0123456789-0123456789",
				"wechat.login.token.max-session-age=10d", "wechat.login.token.refresh-token-ttl=7d" })
abstract class SessionLifecycleIntegrationTests {

	static final String APP_ID = "wx-session-it";

	static final Instant START = Instant.now();

	/** One simulator for both stacks' applications; stopped when the JVM exits. */
	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(APP_ID, "session-it-app-secret")
		.build()
		.start();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
	}

	private final HttpClient http = TestHttpClients.http11();

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
	private Members members;

	@Autowired
	private MutableClock clock;

	@DynamicPropertySource
	static void simulatorProperties(DynamicPropertyRegistry registry) {
		registry.add("wechat.login.api-base-url", simulator::getBaseUrl);
	}

	@BeforeEach
	void reset() {
		this.members.banned.clear();
		this.members.admins.clear();
	}

	@Test
	void refreshWhenUserBannedAfterLoginThenInvalidGrantAndSessionRevoked() throws Exception {
		JsonNode login = login("o-banned");
		JsonNode refreshed = refresh(login.get("refresh_token").stringValue()).json();
		String accessToken = refreshed.get("access_token").stringValue();
		assertThat(get("/me", accessToken).status()).isEqualTo(200);
		this.members.banned.add("o-banned");
		Response refused = refresh(refreshed.get("refresh_token").stringValue());
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().get("error").stringValue()).isEqualTo("invalid_grant");
		// the whole family is revoked: the access tokens of the session no longer work
		assertThat(get("/me", accessToken).status()).isEqualTo(401);
		assertThat(get("/me", login.get("access_token").stringValue()).status()).isEqualTo(401);
	}

	@Test
	void refreshWhenRoleGrantedAfterLoginThenNewAccessTokenCarriesIt() throws Exception {
		JsonNode login = login("o-promoted");
		assertThat(get("/admin", login.get("access_token").stringValue()).status()).isEqualTo(403);
		this.members.admins.add("o-promoted");
		JsonNode refreshed = refresh(login.get("refresh_token").stringValue()).json();
		assertThat(get("/admin", refreshed.get("access_token").stringValue()).status()).isEqualTo(200);
	}

	@Test
	@Knob(properties = "wechat.login.token.max-session-age")
	void refreshWhenSessionOlderThanMaxSessionAgeThenInvalidGrant() throws Exception {
		JsonNode login = login("o-old");
		this.clock.advance(Duration.ofDays(6));
		JsonNode second = refresh(login.get("refresh_token").stringValue()).json();
		this.clock.advance(Duration.ofDays(3).plusHours(23));
		// 9 days 23 hours after the login: the session (10d) has an hour left, and so has the token
		JsonNode third = refresh(second.get("refresh_token").stringValue()).json();
		assertThat(third.get("expires_in").intValue()).isEqualTo(3600);
		this.clock.advance(Duration.ofDays(2));
		// the third refresh token is two days old, well within its idle limit (7d), but the
		// session is 11 days 23 hours old
		Response refused = refresh(third.get("refresh_token").stringValue());
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().get("error").stringValue()).isEqualTo("invalid_grant");
	}

	@Test
	void bearerWhenCustomizerAddedClaimThenControllerReadsItFromTheAuthentication() throws Exception {
		String accessToken = login("o-claims").get("access_token").stringValue();
		Response response = get("/claims", accessToken);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("openid").stringValue()).isEqualTo("o-claims");
		assertThat(body.get("tenant").stringValue()).isEqualTo("tenant-of-o-claims");
		assertThat(body.get("tenant_from_spel").stringValue()).isEqualTo("tenant-of-o-claims");
		assertThat(body.get("factors").values().stream().map(JsonNode::stringValue).toList())
			.containsExactlyInAnyOrder(WeChatAuthentication.FACTOR_AUTHORITY, FactorGrantedAuthority.BEARER_AUTHORITY);
	}

	private JsonNode login(String openid) throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram(openid, null));
		Response response = post("/login/wechat", "{\"code\":\"" + code + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private Response refresh(String refreshToken) throws Exception {
		return post("/login/wechat/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
	}

	private Response get(String path, String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build();
		return Response.of(http().send(request, HttpResponse.BodyHandlers.ofString()));
	}

	private Response post(String path, String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return Response.of(http().send(request, HttpResponse.BodyHandlers.ofString()));
	}

	/**
	 * The application's members: banned openids and admins, changed while sessions run.
	 */
	static class Members {

		final Set<String> banned = ConcurrentHashMap.newKeySet();

		final Set<String> admins = ConcurrentHashMap.newKeySet();

	}

	/**
	 * An application whose user service consults its members at every login and refresh.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SessionApplication {

		@Bean
		Members members() {
			return new Members();
		}

		@Bean
		MutableClock tokenClock() {
			return new MutableClock(START);
		}

		@Bean
		static BeanPostProcessor tokenServiceClock(org.springframework.beans.factory.ObjectProvider<MutableClock> clock) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof JwtWeChatTokenService tokenService) {
						tokenService.setClock(clock.getObject());
					}
					return bean;
				}

			};
		}

		@Bean
		WeChatUserService weChatUserService(Members members) {
			return (request) -> {
				String openid = request.identity().getOpenid();
				if (members.banned.contains(openid)) {
					throw new DisabledException("banned");
				}
				List<GrantedAuthority> authorities = members.admins.contains(openid)
						? AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN")
						: AuthorityUtils.createAuthorityList("ROLE_USER");
				return DefaultWeChatUserService.createUser(request, authorities);
			};
		}

		@Bean
		WeChatTokenCustomizer tenantClaim() {
			return (claims, user) -> claims.claim("tenant", "tenant-of-" + user.getOpenid());
		}

		/** Method security on WebFlux, which the application enables itself. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		@EnableReactiveMethodSecurity
		static class ReactiveMethodSecurityConfiguration {

		}

		@Bean
		SessionController sessionController() {
			return new SessionController();
		}

	}

	@RestController
	static class SessionController {

		@GetMapping("/me")
		Map<String, Object> me(@AuthenticationPrincipal WeChatUser user) {
			return Map.of("openid", String.valueOf(user.getOpenid()));
		}

		@GetMapping("/admin")
		@org.springframework.security.access.prepost.PreAuthorize("hasRole('ADMIN')")
		Mono<Map<String, Object>> admin() {
			return Mono.just(Map.of("admin", true));
		}

		@GetMapping("/claims")
		Map<String, Object> claims(@AuthenticationPrincipal WeChatUser user, WeChatBearerTokenAuthentication authentication,
				@CurrentSecurityContext(expression = "authentication.token.claims['tenant']") String tenant) {
			return Map.of("openid", String.valueOf(user.getOpenid()), "tenant",
					authentication.getToken().getClaimAsString("tenant"), "tenant_from_spel", tenant, "factors",
					authentication.getAuthorities()
						.stream()
						.filter(FactorGrantedAuthority.class::isInstance)
						.map(GrantedAuthority::getAuthority)
						.toList());
		}

	}

}
