package io.github.wechatlogin.autoconfigure;

import java.util.List;

import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.token.WeChatTokenIssuer;
import io.github.wechatlogin.web.WeChatLoginRequestMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatLoginAutoConfiguration} and {@link WeChatLoginSecurityAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeChatLoginAutoConfigurationTests {

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
					.hasSingleBean(JwtEncoder.class)
					.hasSingleBean(JwtDecoder.class)
					.hasSingleBean(WeChatTokenIssuer.class)
					.hasSingleBean(WeChatLoginRequestMatcher.class)
					.hasBean("weChatLoginSecurityFilterChain");
				WeChatRegistration registration = context.getBean(WeChatRegistrationRepository.class)
					.findByRegistrationId("default");
				assertThat(registration.getType()).isEqualTo(WeChatAppType.MULTI_APP);
				assertThat(registration.getAppId()).isEqualTo("wx-1");
				assertThat(registration.getAllowedRedirectPaths()).containsExactly("pages/**");
				assertThat(registration.toString()).doesNotContain("=s,").contains("[PROTECTED]");
				assertThat(context.getBean(WeChatLoginRequestMatcher.class).getLoginPath()).isEqualTo("/login/wechat");
			});
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
	void autoConfigurationWhenTokenSecretTooShortThenFails() {
		this.contextRunner
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s", "wechat.login.token.secret=short")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.token.secret has 5 bytes; HS256 needs at least 32")
				.doesNotContain("=short"));
	}

	@Test
	void autoConfigurationWhenNoTokenSecretThenRandomKeyAndWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JwtEncoder.class);
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
