package io.github.wechatlogin.autoconfigure;

import io.github.wechatlogin.config.WeChatLoginPaths;
import io.github.wechatlogin.config.web.server.WeChatLoginServerConfigurer;
import io.github.wechatlogin.token.WeChatReactiveJwtDecoder;
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
				.hasBean(WeChatLoginReactiveSecurityAutoConfiguration.JWT_DECODER_BEAN_NAME);
			// not a default candidate: the application's own chains (form login, HTTP Basic)
			// never get WeChat's manager
			assertThat(ReflectionTestUtils.getField(context.getBean(ServerHttpSecurity.class), "authenticationManager"))
				.isNull();
			assertThat(context.getBean(WeChatLoginReactiveSecurityAutoConfiguration.JWT_DECODER_BEAN_NAME))
				.isInstanceOf(WeChatReactiveJwtDecoder.class);
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
				.doesNotHaveBean(WeChatLoginReactiveSecurityAutoConfiguration.JWT_DECODER_BEAN_NAME)
				.hasBean("applicationDecoder"));
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
