package io.github.wechatlogin.autoconfigure;

import io.github.wechatlogin.config.WeChatLoginPaths;
import io.github.wechatlogin.config.web.server.WeChatLoginServerConfigurer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatLoginReactiveSecurityAutoConfiguration}.
 */
class WeChatLoginReactiveSecurityAutoConfigurationTests {

	private static final String[] PROPERTIES = { "wechat.login.app-id=wx-1", "wechat.login.secret=s",
			"wechat.login.token.secret=0123456789abcdef0123456789abcdef0123456789" };

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				ReactiveWebSecurityAutoConfiguration.class, WeChatLoginAutoConfiguration.class,
				WeChatLoginSecurityAutoConfiguration.class, WeChatLoginReactiveSecurityAutoConfiguration.class))
		.withPropertyValues(PROPERTIES);

	@Test
	void autoConfigurationWhenReactiveThenDefaultChainManagerAndDecoder() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(WeChatLoginPaths.class)
				.hasBean("weChatLoginSecurityWebFilterChain")
				.doesNotHaveBean(SecurityFilterChain.class)
				.hasBean(WeChatLoginServerConfigurer.AUTHENTICATION_MANAGER_BEAN_NAME)
				// no ReactiveJwtDecoder bean, which jwt() in the application's chains would take
				.doesNotHaveBean(ReactiveJwtDecoder.class);
			// not a default candidate: the application's own chains (form login, HTTP Basic)
			// never get WeChat's manager
			assertThat(ReflectionTestUtils.getField(context.getBean(ServerHttpSecurity.class), "authenticationManager"))
				.isNull();
		});
	}

	@Test
	void autoConfigurationWhenApplicationChainThenDefaultChainBacksOff() {
		this.contextRunner.withUserConfiguration(ApplicationChain.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean("weChatLoginSecurityWebFilterChain");
			assertThat(context.getBeansOfType(SecurityWebFilterChain.class)).containsOnlyKeys("applicationChain");
		});
	}

	@Test
	void autoConfigurationWhenApplicationDecoderThenOursBacksOffAndDefaultChainRefusesToGuess() {
		this.contextRunner.withUserConfiguration(ApplicationDecoder.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(WeChatLoginConfigurationException.class)
				.hasMessageContaining("applicationDecoder");
		});
	}

	@Test
	void autoConfigurationWhenApplicationDecoderAndChainThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(ApplicationDecoder.class, ApplicationChain.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("applicationDecoder")
				.getBeanNames(ReactiveJwtDecoder.class)
				.containsExactly("applicationDecoder"));
	}

	@Test
	void autoConfigurationWhenManagerOfApplicationThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(ApplicationManager.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(WeChatLoginServerConfigurer.AUTHENTICATION_MANAGER_BEAN_NAME)
				.isSameAs(ApplicationManager.MANAGER));
	}

	@Test
	void autoConfigurationWhenServletThenNoReactiveBeans() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class, WeChatLoginAutoConfiguration.class,
					WeChatLoginSecurityAutoConfiguration.class, WeChatLoginReactiveSecurityAutoConfiguration.class))
			.withPropertyValues(PROPERTIES)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("weChatLoginSecurityFilterChain")
				.doesNotHaveBean(SecurityWebFilterChain.class)
				.doesNotHaveBean(WeChatLoginServerConfigurer.AUTHENTICATION_MANAGER_BEAN_NAME));
	}

	@Test
	void autoConfigurationWhenApplicationResourceServerWithoutDecoderThenItNeverGetsWeChatsKey() {
		// the application's own API chain asks for "the" ReactiveJwtDecoder of the context: with
		// none of its own it must fail to start, not validate WeChat's tokens
		this.contextRunner.withUserConfiguration(ApplicationResourceServerChain.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(org.springframework.beans.factory.NoSuchBeanDefinitionException.class)
				.hasMessageContaining(ReactiveJwtDecoder.class.getName());
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationResourceServerChain {

		@Bean
		SecurityWebFilterChain applicationChain(ServerHttpSecurity http) {
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.oauth2ResourceServer((resourceServer) -> resourceServer
					.jwt(org.springframework.security.config.Customizer.withDefaults()));
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationChain {

		@Bean
		SecurityWebFilterChain applicationChain(ServerHttpSecurity http, ApplicationContext context) {
			WeChatLoginServerConfigurer.weChatLogin(context).loginPath("/api/login").configure(http);
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationDecoder {

		@Bean
		ReactiveJwtDecoder applicationDecoder() {
			return (token) -> Mono.error(new IllegalStateException("not used"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationManager {

		static final ReactiveAuthenticationManager MANAGER = (authentication) -> Mono.empty();

		@Bean(name = WeChatLoginServerConfigurer.AUTHENTICATION_MANAGER_BEAN_NAME, defaultCandidate = false)
		ReactiveAuthenticationManager weChatLoginReactiveAuthenticationManager() {
			return MANAGER;
		}

	}

}
