package io.github.wechatlogin.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.wechatlogin.client.RestClientSessionCheckClient;
import io.github.wechatlogin.client.WeChatSessionCheckClient;
import io.github.wechatlogin.redis.RedisWeChatSessionKeyStore;
import io.github.wechatlogin.session.DefaultWeChatSessionKeys;
import io.github.wechatlogin.session.InMemoryWeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeys;
import io.github.wechatlogin.web.WeChatSessionKeyExceptionHandler;
import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.client.WeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.config.WeChatLoginPaths;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.redis.RedisWeChatCodeGuard;
import io.github.wechatlogin.redis.RedisWeChatRefreshTokenStore;
import io.github.wechatlogin.redis.RedisWeChatTokenRevocationStore;
import io.github.wechatlogin.token.InMemoryWeChatRefreshTokenStore;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenCustomizer;
import io.github.wechatlogin.token.WeChatJwkSet;
import io.github.wechatlogin.token.WeChatJwtCodecs;
import io.github.wechatlogin.token.WeChatRefreshTokenStore;
import io.github.wechatlogin.token.WeChatTokenResponse;
import io.github.wechatlogin.token.WeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.AuthorizationHeaderBearerTokenResolver;
import io.github.wechatlogin.web.HttpFirewallCharacterChecks;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.DefaultHttpFirewall;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WeChatLoginAutoConfiguration} and {@link WeChatLoginSecurityAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeChatLoginAutoConfigurationTests {

	private static final String SESSION_KEY_ENCRYPTION_KEY = "wechat.login.session-key.encryption-key="
			+ "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";


	private static final String TOKEN_SECRET = "wechat.login.token.secret=0123456789abcdef0123456789abcdef";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, WeChatLoginAutoConfiguration.class,
				WeChatLoginSecurityAutoConfiguration.class));

	@Test
	void autoConfigurationWhenAppConfiguredThenEveryBean() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx-1", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(WeChatRegistrationRepository.class)
					.hasSingleBean(WeChatCodeExchanger.class)
					.hasSingleBean(WeChatUserService.class)
					.hasSingleBean(WeChatJwtCodecs.class)
					.doesNotHaveBean(JwtEncoder.class)
					.doesNotHaveBean(JwtDecoder.class)
					.hasSingleBean(WeChatTokenService.class)
					.hasSingleBean(WeChatLoginPaths.class)
					.hasBean("weChatLoginSecurityFilterChain");
				WeChatRegistration registration = context.getBean(WeChatRegistrationRepository.class)
					.findByRegistrationId("default");
				assertThat(registration.getType()).isEqualTo(WeChatAppType.MULTI_APP);
				assertThat(registration.getAppId()).isEqualTo("wx-1");
				assertThat(registration.getAllowedRedirectPaths()).containsExactly("pages/**");
				assertThat(registration.toString()).doesNotContain("=s,").contains("[PROTECTED]");
				assertThat(context.getBean(WeChatLoginPaths.class).getLoginPath()).isEqualTo("/login/wechat");
			});
	}

	@Test
	void healthIndicatorWhenEnabledPropertyFalseThenNone() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx-1", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> assertThat(context).hasBean("weChatLoginHealthIndicator"));
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx-1", "wechat.login.secret=s", TOKEN_SECRET,
					"management.health.wechat-login.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("weChatLoginHealthIndicator"));
	}

	@Test
	void autoConfigurationWhenSeveralAppsThenRegistrationsInheritTopLevelSettings() {
		this.contextRunner
			.withPropertyValues("wechat.login.type=mini-program", "wechat.login.app-id=wx-1", "wechat.login.secret=s",
					"wechat.login.allowed-redirect-paths=pages/main/**", "wechat.login.apps.shop.app-id=wx-shop",
					"wechat.login.apps.shop.secret=s2", "wechat.login.apps.shop.redirect-path=pages/shop/index",
					"wechat.login.apps.donut.type=multi-app", "wechat.login.apps.donut.app-id=wx-donut",
					"wechat.login.apps.donut.secret=s3", "wechat.login.apps.donut.allowed-redirect-paths=pages/d/*",
					TOKEN_SECRET)
			.run((context) -> {
				WeChatRegistrationRepository registrations = context.getBean(WeChatRegistrationRepository.class);
				assertThat(registrations).extracting(WeChatRegistration::getRegistrationId)
					.containsExactly("default", "shop", "donut");
				WeChatRegistration shop = registrations.findByRegistrationId("shop");
				assertThat(shop.getType()).isEqualTo(WeChatAppType.MINI_PROGRAM);
				assertThat(shop.getRedirectPath()).isEqualTo("pages/shop/index");
				assertThat(shop.getAllowedRedirectPaths()).containsExactly("pages/main/**");
				WeChatRegistration donut = registrations.findByRegistrationId("donut");
				assertThat(donut.getType()).isEqualTo(WeChatAppType.MULTI_APP);
				assertThat(donut.getAllowedRedirectPaths()).containsExactly("pages/d/*");
			});
	}

	@Test
	void autoConfigurationWhenOnlyNamedAppsThenNoDefaultRegistration() {
		this.contextRunner
			.withPropertyValues("wechat.login.apps.shop.app-id=wx-shop", "wechat.login.apps.shop.secret=s",
					TOKEN_SECRET)
			.run((context) -> assertThat(context.getBean(WeChatRegistrationRepository.class))
				.extracting(WeChatRegistration::getRegistrationId)
				.containsExactly("shop"));
	}

	@Test
	void autoConfigurationWhenNothingConfiguredThenFailsSayingWhatToSet() {
		this.contextRunner.run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(WeChatLoginConfigurationException.class)
			.hasMessageContaining("No WeChat application is configured")
			.hasMessageContaining("Set wechat.login.app-id and wechat.login.secret"));
	}

	@Test
	void autoConfigurationWhenSecretMissingThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx-1").run((context) -> {
			WeChatLoginConfigurationException ex = rootCause(context.getStartupFailure());
			assertThat(ex.getDescription()).isEqualTo("wechat.login.secret is not set for app id wx-1.");
			assertThat(ex.getAction()).startsWith("Set wechat.login.secret to the multi-terminal application's app secret");
			FailureAnalysis analysis = new WeChatLoginConfigurationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo(ex.getDescription());
			assertThat(analysis.getAction()).isEqualTo(ex.getAction());
		});
	}

	@Test
	void autoConfigurationWhenAppIdMissingThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("wechat.login.secret=s", "wechat.login.type=mini-program")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.app-id is not set")
				.contains("mini program's app id")
				.doesNotContain("=s"));
	}

	@Test
	void autoConfigurationWhenNamedAppLacksSecretThenFailsNamingItsProperty() {
		this.contextRunner.withPropertyValues("wechat.login.apps.shop.app-id=wx-shop")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.apps.shop.secret is not set"));
	}

	@Test
	void autoConfigurationWhenReservedAppNameThenFails() {
		this.contextRunner.withPropertyValues("wechat.login.apps.refresh.app-id=wx", "wechat.login.apps.refresh.secret=s")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("'refresh' cannot name a WeChat registration"));
	}

	@Test
	void autoConfigurationWhenAppNamedLikeThePhoneNumberEndpointThenFails() {
		this.contextRunner
			.withPropertyValues("wechat.login.apps.phone-number.app-id=wx", "wechat.login.apps.phone-number.secret=s")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("'phone-number' cannot name a WeChat registration"));
	}

	@Test
	void autoConfigurationWhenLoginPathInvalidThenFails() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", "wechat.login.login-path=login/")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.login-path 'login/' is not a plain path"));
	}

	@Test
	void autoConfigurationWhenApiBaseUrlInvalidThenFails() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s",
					"wechat.login.api-base-url=ftp://example.com")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("is not an http(s) URL"));
	}

	@Test
	void autoConfigurationWhenClientTimeoutNotPositiveThenFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.client.read-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(WeChatLoginConfigurationException.class)
				.hasMessageContaining("Set wechat.login.client.read-timeout to a positive duration"));
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.client.connect-timeout=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Set wechat.login.client.connect-timeout to a positive duration"));
	}

	@Test
	void autoConfigurationWhenTokenSecretTooShortThenFails() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", "wechat.login.token.secret=short")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.token.secret has 5 bytes; HS256 needs at least 32")
				.doesNotContain("=short"));
	}

	@Test
	void autoConfigurationWhenTokenServiceIsTheApplicationsAndTokenSecretTooShortThenStillFails() {
		this.contextRunner
			.withBean("customTokenService", WeChatTokenService.class, () -> mock(WeChatTokenService.class))
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", "wechat.login.token.secret=short")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.token.secret has 5 bytes; HS256 needs at least 32"));
	}

	@Test
	void autoConfigurationWhenNoTokenSecretThenRandomKeyAndWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WeChatJwtCodecs.class);
				assertThat(output).contains("wechat.login.token.secret is not set");
			});
	}

	@Test
	void autoConfigurationWhenApplicationDefinesBeansThenBacksOff() {
		this.contextRunner.withUserConfiguration(CustomBeans.class).withPropertyValues(TOKEN_SECRET).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WeChatCodeExchanger.class)).isSameAs(context.getBean("customExchanger"));
			assertThat(context.getBean(WeChatUserService.class)).isSameAs(context.getBean("customUserService"));
			assertThat(context.getBean(WeChatRegistrationRepository.class))
				.isSameAs(context.getBean("customRegistrations"));
			assertThat(context).hasSingleBean(SecurityFilterChain.class)
				.hasBean("customChain")
				.doesNotHaveBean("weChatLoginSecurityFilterChain");
		});
	}

	@Test
	void httpFirewallWhenApplicationHasNoneThenStrictFirewallWithSpringSecuritysAnswers() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> {
				assertThat(context).hasSingleBean(HttpFirewall.class).hasBean("weChatLoginHttpFirewall");
				HttpFirewall firewall = context.getBean(HttpFirewall.class);
				assertThat(firewall).isInstanceOf(StrictHttpFirewall.class);
				StrictHttpFirewall defaults = new StrictHttpFirewall();
				List<FirewallInput> inputs = firewallInputs();
				for (FirewallInput input : inputs) {
					assertThat(input.answerOf(firewall)).as(input.toString()).isEqualTo(input.answerOf(defaults));
				}
				// answers that the comparison alone would not pin down: both reject and both accept
				assertThat(FirewallInput.header("Authorization", "Bearer a\u0000b").answerOf(firewall))
					.isEqualTo("rejected");
				assertThat(FirewallInput.header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln").answerOf(firewall))
					.isEqualTo("accepted");
				assertThat(inputs).extracting((input) -> input.answerOf(firewall)).contains("accepted", "rejected");
			});
	}

	@Test
	void httpFirewallWhenApplicationHasNoneThenTheChainAsksIt() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> {
				String token = issue(context).accessToken();
				assertThat(chainAnswer(context, "GET", "Authorization", "Bearer " + token)).isEqualTo("passed");
				assertThat(chainAnswer(context, "GET", "Authorization", "Bearer a\u0000b")).isEqualTo("rejected");
				// FilterChainProxy's own default would answer the same: restricting the bean restricts the chain
				((StrictHttpFirewall) context.getBean(HttpFirewall.class)).setAllowedHttpMethods(List.of("POST"));
				assertThat(chainAnswer(context, "GET", "Authorization", "Bearer " + token)).isEqualTo("rejected");
			});
	}

	@Test
	void httpFirewallWhenApplicationDefinesOneThenBacksOff() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.withBean("customFirewall", HttpFirewall.class, DefaultHttpFirewall::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(HttpFirewall.class).doesNotHaveBean("weChatLoginHttpFirewall");
				// a StrictHttpFirewall rejects a control character in a header value; the application's does not
				FirewallInput controlCharacter = FirewallInput.header("Authorization", "Bearer a\u0000b");
				assertThat(controlCharacter.answerOf(new StrictHttpFirewall())).isEqualTo("rejected");
				assertThat(controlCharacter.answerOf(context.getBean(HttpFirewall.class))).isEqualTo("accepted");
				assertThat(chainAnswer(context, "GET", "Authorization", "Bearer a\u0000b")).isEqualTo("unauthorized");
				String token = issue(context).accessToken();
				assertThat(chainAnswer(context, "GET", "Authorization", "Bearer " + token)).isEqualTo("passed");
			});
	}

	/**
	 * Send a request to {@code /api/me} through the security filter chain.
	 * @return {@code passed} if it reached the application, {@code rejected} if the firewall
	 * refused it (HTTP 400 before any filter of the chain answered), {@code unauthorized} for a 401
	 */
	private static String chainAnswer(AssertableWebApplicationContext context, String method, String header,
			String value) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(servletContext(context), method, "/api/me");
		request.addHeader(header, value);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		context.getBean("springSecurityFilterChain", Filter.class).doFilter(request, response, chain);
		if (chain.getRequest() != null) {
			return "passed";
		}
		if (response.getStatus() == 401) {
			return "unauthorized";
		}
		assertThat(response.getStatus()).as("status of a request that did not pass").isEqualTo(400);
		assertThat(response.getHeader("WWW-Authenticate")).as("a 400 of the bearer token filter").isNull();
		return "rejected";
	}

	/**
	 * Requests that {@link StrictHttpFirewall} checks: methods and paths when the request is
	 * firewalled, header names and values, parameter names and values when they are read.
	 */
	private static List<FirewallInput> firewallInputs() {
		List<FirewallInput> inputs = new ArrayList<>();
		List<String> values = List.of("", "ok", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "a\tb", "a b", "a\u0000b",
				"a\u0007", "a\nb", "a\rb", "a\u007f", "x\u0085y", "x\u00a0y", "\u0378", "\u5fae\u4fe1",
				"caf\u00e9", "\ud83d\ude00", "\ud800", "\ufffe", "\u2028");
		for (String value : values) {
			inputs.add(FirewallInput.header("X-Value", value));
			inputs.add(FirewallInput.header("X-" + value, "ok"));
			inputs.add(FirewallInput.parameter(value, "ok"));
			inputs.add(FirewallInput.parameter("p", value));
		}
		for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT",
				"get")) {
			inputs.add(FirewallInput.request(method, "/api/me"));
		}
		for (String path : List.of("/api/me", "/api/./me", "/api/../me", "/api//me", "/api;x/me", "/api%2Fme",
				"/api%2fme", "/api%25me", "/api%00me", "/api%0Ame", "/api%0Dme", "/api%2Eme", "/api\\me",
				"/api/%E5%BE%AE", "/api/me%20x")) {
			inputs.add(FirewallInput.request("GET", path));
		}
		return inputs;
	}

	/**
	 * A request for a firewall, and what is read from it.
	 */
	private record FirewallInput(String description, String method, String path,
			Function<HttpServletRequest, Object> read, Consumer<MockHttpServletRequest> setUp) {

		static FirewallInput header(String name, String value) {
			return new FirewallInput("header " + escaped(name) + ": " + escaped(value), "GET", "/api/me",
					(request) -> Collections.list(request.getHeaderNames()) + " " + request.getHeader(name),
					(request) -> request.addHeader(name, value));
		}

		static FirewallInput parameter(String name, String value) {
			return new FirewallInput("parameter " + escaped(name) + "=" + escaped(value), "GET", "/api/me",
					(request) -> request.getParameterMap().keySet() + " " + request.getParameter(name),
					(request) -> request.addParameter(name, value));
		}

		static FirewallInput request(String method, String path) {
			return new FirewallInput(method + " " + path, method, path, HttpServletRequest::getRequestURI,
					(request) -> {
					});
		}

		String answerOf(HttpFirewall firewall) {
			MockHttpServletRequest request = new MockHttpServletRequest(this.method, this.path);
			request.setServletPath(this.path);
			this.setUp.accept(request);
			try {
				this.read.apply(firewall.getFirewalledRequest(request));
				return "accepted";
			}
			catch (RequestRejectedException ex) {
				return "rejected";
			}
		}

		private static String escaped(String value) {
			StringBuilder escaped = new StringBuilder();
			value.codePoints()
				.forEach((codePoint) -> escaped.append((codePoint >= 0x20 && codePoint < 0x7F)
						? Character.toString(codePoint) : String.format("\\u{%x}", codePoint)));
			return escaped.toString();
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

	@Test
	void bearerTokenResolverWhenApplicationHasNoneThenAuthorizationHeaderRead() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> {
				assertThat(context.getBean(BearerTokenResolver.class))
					.isInstanceOf(AuthorizationHeaderBearerTokenResolver.class);
				String token = issue(context).accessToken();
				assertThat(passesChain(context, "Authorization", "Bearer " + token)).isTrue();
				assertThat(passesChain(context, "Authorization", "Bearer " + token + "x")).isFalse();
				assertThat(passesChain(context, "X-Token", token)).isFalse();
			});
	}

	@Test
	void bearerTokenResolverWhenApplicationDefinesOneThenUsedInstead() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.withBean(BearerTokenResolver.class, () -> (request) -> request.getHeader("X-Token"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AuthorizationHeaderBearerTokenResolver.class);
				String token = issue(context).accessToken();
				assertThat(passesChain(context, "X-Token", token)).isTrue();
				assertThat(passesChain(context, "Authorization", "Bearer " + token)).isFalse();
				// the logout endpoint reads the token the same way
				MockHttpServletRequest logout = new MockHttpServletRequest("POST", "/logout");
				logout.addHeader("X-Token", token);
				MockHttpServletResponse response = new MockHttpServletResponse();
				context.getBean("springSecurityFilterChain", Filter.class)
					.doFilter(logout, response, new MockFilterChain());
				assertThat(response.getStatus()).isEqualTo(204);
				assertThat(passesChain(context, "X-Token", token)).isFalse();
			});
	}

	@Test
	void bearerTokenResolverWhenSetOnTheApplicationsChainThenKept() {
		this.contextRunner.withUserConfiguration(ChainWithOwnResolver.class)
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> {
				String token = issue(context).accessToken();
				assertThat(passesChain(context, "X-Own", token)).isTrue();
				assertThat(passesChain(context, "Authorization", "Bearer " + token)).isFalse();
			});
	}

	/**
	 * The servlet context of the application, where matchers such as the Actuator's
	 * {@code EndpointRequest} (the default chain opens the health endpoint) find it.
	 */
	private static jakarta.servlet.ServletContext servletContext(AssertableWebApplicationContext context) {
		jakarta.servlet.ServletContext servletContext = context.getServletContext();
		servletContext.setAttribute(org.springframework.web.context.WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE,
				context);
		return servletContext;
	}

	private static boolean passesChain(AssertableWebApplicationContext context, String header, String value)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(servletContext(context), "GET", "/api/me");
		request.addHeader(header, value);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		context.getBean("springSecurityFilterChain", Filter.class).doFilter(request, response, chain);
		if (chain.getRequest() == null) {
			assertThat(response.getStatus()).isEqualTo(401);
			return false;
		}
		return true;
	}

	@Test
	void methodSecurityWhenApplicationHasNoneThenEnabled() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> assertThat(context).hasBean("preAuthorizeAuthorizationMethodInterceptor"));
	}

	@Test
	void methodSecurityWhenTurnedOffThenNotEnabled() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.method-security=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("preAuthorizeAuthorizationMethodInterceptor")
				.hasBean("weChatLoginSecurityFilterChain"));
	}

	@Test
	void autoConfigurationWhenDefaultAuthoritiesSetThenUsed() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s",
					"wechat.login.default-authorities=ROLE_MEMBER,SCOPE_read", TOKEN_SECRET)
			.run((context) -> {
				WeChatRegistration registration = context.getBean(WeChatRegistrationRepository.class)
					.findByRegistrationId("default");
				WeChatIdentity identity = WeChatIdentity.builder().openid("o").build();
				assertThat(context.getBean(WeChatUserService.class)
					.loadUser(new io.github.wechatlogin.authentication.WeChatUserRequest(registration, identity))
					.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_MEMBER", "SCOPE_read");
			});
	}

	@Test
	void restClientWhenApplicationHasItsOwnThenItsOwnIsInjectedByType() {
		this.contextRunner.withUserConfiguration(ApplicationRestClient.class)
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean(WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME);
				assertThat(context.getBean(RestClientUser.class).restClient)
					.isSameAs(context.getBean("applicationRestClient"));
			});
	}

	@Test
	void restClientWhenAutoConfiguredThenDeferredRequestFactoryThatIsNotADefaultCandidate() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.withBean("applicationRequestFactory", ClientHttpRequestFactory.class, SimpleClientHttpRequestFactory::new)
			.run((context) -> {
				assertThat(context.getBean(WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME))
					.isInstanceOf(DeferredClientHttpRequestFactory.class);
				// the application's own is still the one injected by type
				assertThat(context.getBean(ClientHttpRequestFactory.class))
					.isSameAs(context.getBean("applicationRequestFactory"));
				assertThat(context).hasSingleBean(WeChatLoginWarmUp.class);
			});
	}

	@Test
	void restClientWhenApplicationDefinesTheWeChatClientThenNoRequestFactoryOfOurs() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.withBean(WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME, RestClient.class, RestClient::create)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME));
	}

	@Test
	void tokensWhenKeyPairThenSignedWithItAndJwkSetPublished(@TempDir Path dir) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		Path key = dir.resolve("key.pem");
		Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s",
					"wechat.login.token.signing-key-location=file:" + key)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WeChatJwkSet.class);
				WeChatJwkSet jwkSet = context.getBean(WeChatJwkSet.class);
				assertThat(jwkSet.getPublicKeys().getKeys()).singleElement()
					.satisfies((jwk) -> assertThat(jwk.isPrivate()).isFalse());
				Jwt jwt = context.getBean(WeChatJwtCodecs.class).getDecoder().decode(issue(context).accessToken());
				assertThat(jwt.getHeaders()).containsEntry("alg", "RS256")
					.containsEntry("kid", jwkSet.getPublicKeys().getKeys().get(0).getKeyID());
			});
	}

	@Test
	void tokensWhenSecretThenNoJwkSet() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(WeChatJwkSet.class));
	}

	@Test
	void tokensWhenIssuerAndAudienceSetThenClaimedAndRequired() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.token.issuer=https://issuer.example", "wechat.login.token.audience=api")
			.run((context) -> {
				Jwt jwt = context.getBean(WeChatJwtCodecs.class).getDecoder().decode(issue(context).accessToken());
				assertThat(jwt.getIssuer()).hasToString("https://issuer.example");
				assertThat(jwt.getAudience()).containsExactly("api");
				JwtWeChatTokenService unscoped = new JwtWeChatTokenService(context.getBean(WeChatJwtCodecs.class).getEncoder(),
						new InMemoryWeChatRefreshTokenStore(), new InMemoryWeChatTokenRevocationStore());
				String token = unscoped.issue(new WeChatAuthentication(user())).accessToken();
				assertThatExceptionOfType(JwtValidationException.class)
					.isThrownBy(() -> context.getBean(WeChatJwtCodecs.class).getDecoder().decode(token));
			});
	}

	@Test
	void tokensWhenCustomizerBeanThenClaimAdded() {
		this.contextRunner.withUserConfiguration(ClaimCustomizer.class)
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.token.refresh-token-ttl=1d", "wechat.login.token.access-token-ttl=10m")
			.run((context) -> {
				WeChatTokenResponse tokens = issue(context);
				assertThat(tokens.expiresIn()).isEqualTo(Duration.ofMinutes(10));
				Jwt jwt = context.getBean(WeChatJwtCodecs.class).getDecoder().decode(tokens.accessToken());
				assertThat(jwt.getClaimAsString("tenant")).isEqualTo("t-o");
			});
	}

	@Test
	void tokensWhenSecretAndSigningKeyBothSetThenFails() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.token.signing-key-location=classpath:none.pem")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.token.secret and wechat.login.token.signing-key-location are both set"));
	}

	@Test
	void storeWhenRedisThenEveryStatefulPartInRedis() {
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.store=redis", SESSION_KEY_ENCRYPTION_KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WeChatSessionKeyStore.class)).isInstanceOf(RedisWeChatSessionKeyStore.class);
				assertThat(context.getBean(WeChatCodeGuard.class)).isInstanceOf(RedisWeChatCodeGuard.class);
				assertThat(context.getBean(WeChatRefreshTokenStore.class)).isInstanceOf(RedisWeChatRefreshTokenStore.class);
				assertThat(context.getBean(WeChatTokenRevocationStore.class))
					.isInstanceOf(RedisWeChatTokenRevocationStore.class);
				assertThat(context).hasSingleBean(WeChatApiAccessTokenProvider.class);
			});
	}

	@Test
	void sessionKeyStoreWhenRedisWithoutEncryptionKeyThenFailsSayingHowToMakeOne() {
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.store=redis")
			.run((context) -> {
				Throwable failure = rootCause(context.getStartupFailure());
				assertThat(failure).isInstanceOf(WeChatLoginConfigurationException.class);
				assertThat(failure.getMessage()).contains("wechat.login.session-key.encryption-key is not set");
				assertThat(((WeChatLoginConfigurationException) failure).getAction())
					.contains("openssl rand -base64 32")
					.contains("wechat.login.session-key.enabled to false");
			});
	}

	@Test
	void sessionKeyStoreWhenEncryptionKeyIsNot32BytesThenFailsWithoutShowingIt() {
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.store=redis", "wechat.login.session-key.encryption-key=c2hvcnQta2V5")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.session-key.encryption-key is not a usable key")
				.contains("9 bytes, not 32")
				.doesNotContain("c2hvcnQta2V5"));
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
				"wechat.login.session-key.encryption-key=not base64!")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("is not base64"));
	}

	@Test
	void sessionKeyStoreWhenRedisAndSessionKeysDisabledThenStartsWithoutKey() {
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.store=redis", "wechat.login.session-key.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WeChatSessionKeyStore.class);
				assertThat(context).doesNotHaveBean(WeChatSessionKeys.class);
				assertThat(context).doesNotHaveBean(WeChatSessionKeyExceptionHandler.class);
			});
	}

	@Test
	void sessionKeysWhenDefaultThenInMemoryStoreAndDefaultSessionKeys() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> {
				assertThat(context.getBean(WeChatSessionKeyStore.class)).isInstanceOf(InMemoryWeChatSessionKeyStore.class);
				assertThat(context.getBean(WeChatSessionKeys.class)).isInstanceOf(DefaultWeChatSessionKeys.class);
				assertThat(context.getBean(WeChatSessionCheckClient.class))
					.isInstanceOf(RestClientSessionCheckClient.class);
				assertThat(context).hasSingleBean(WeChatSessionKeyExceptionHandler.class);
			});
	}

	@Test
	void sessionKeysWhenApplicationDefinesItsOwnThenTheyAreUsed() {
		WeChatSessionKeyStore store = new InMemoryWeChatSessionKeyStore();
		WeChatSessionKeys sessionKeys = mock(WeChatSessionKeys.class);
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withBean(WeChatSessionKeyStore.class, () -> store)
			.withBean(WeChatSessionKeys.class, () -> sessionKeys)
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.store=redis")
			.run((context) -> {
				// the application's store needs no encryption key of the starter's
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WeChatSessionKeyStore.class)).isSameAs(store);
				assertThat(context.getBean(WeChatSessionKeys.class)).isSameAs(sessionKeys);
			});
	}

	@Test
	void sessionKeysWhenTimeToLiveIsNotPositiveThenFails() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
				"wechat.login.session-key.time-to-live=0s")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.session-key.time-to-live is PT0S"));
	}

	@Test
	void storeWhenRedisWithoutConnectionFactoryThenFailsSayingWhatToAdd() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET,
					"wechat.login.store=redis")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.store is redis, but the application has no RedisConnectionFactory")
				.contains("spring-boot-starter-data-redis"));
	}

	@Test
	void storeWhenMemoryThenInMemoryParts() {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", TOKEN_SECRET)
			.run((context) -> {
				assertThat(context.getBean(WeChatCodeGuard.class)).isInstanceOf(InMemoryWeChatCodeGuard.class);
				assertThat(context.getBean(WeChatRefreshTokenStore.class))
					.isInstanceOf(InMemoryWeChatRefreshTokenStore.class);
				assertThat(context.getBean(WeChatTokenRevocationStore.class))
					.isInstanceOf(InMemoryWeChatTokenRevocationStore.class);
			});
	}

	private static WeChatTokenResponse issue(AssertableWebApplicationContext context) {
		return context.getBean(WeChatTokenService.class).issue(new WeChatAuthentication(user()));
	}

	private static WeChatUser user() {
		return WeChatUser.withRegistration("default", "wx").identity((identity) -> identity.openid("o")).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class ClaimCustomizer {

		@Bean
		WeChatTokenCustomizer tenantClaim() {
			return (claims, user) -> claims.claim("tenant", "t-" + user.getOpenid());
		}

	}

	private static WeChatLoginConfigurationException rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof WeChatLoginConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("a WeChatLoginConfigurationException in " + failure).isNotNull();
		return (WeChatLoginConfigurationException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationRestClient {

		@Bean
		RestClient applicationRestClient() {
			return RestClient.create();
		}

		@Bean
		RestClientUser restClientUser(RestClient restClient) {
			return new RestClientUser(restClient);
		}

	}

	record RestClientUser(RestClient restClient) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ChainWithOwnResolver {

		@Bean
		SecurityFilterChain chainWithOwnResolver(HttpSecurity http) throws Exception {
			return http
				.with(io.github.wechatlogin.config.WeChatLoginConfigurer.weChatLogin(),
						org.springframework.security.config.Customizer.withDefaults())
				.oauth2ResourceServer((resourceServer) -> resourceServer
					.bearerTokenResolver((request) -> request.getHeader("X-Own")))
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomBeans {

		@Bean
		WeChatRegistrationRepository customRegistrations() {
			return new io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository(List.of(
					WeChatRegistration.withRegistrationId("default").appId("wx-custom").secret("s").build()));
		}

		@Bean
		WeChatCodeExchanger customExchanger() {
			return (request) -> WeChatIdentity.builder().openid("o").build();
		}

		@Bean
		WeChatUserService customUserService() {
			return (request) -> {
				throw new UnsupportedOperationException();
			};
		}

		@Bean
		SecurityFilterChain customChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

}
