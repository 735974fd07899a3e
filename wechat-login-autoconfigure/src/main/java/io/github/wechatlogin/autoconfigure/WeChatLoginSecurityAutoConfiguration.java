package io.github.wechatlogin.autoconfigure;

import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.authentication.WeChatCodeReplayException;
import io.github.wechatlogin.config.WeChatLoginConfigurer;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.web.AuthorizationHeaderBearerTokenResolver;
import io.github.wechatlogin.web.HttpFirewallCharacterChecks;
import io.github.wechatlogin.web.WeChatLoginRequestMatcher;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the servlet security for WeChat login: the login endpoints and, when the application declares
 * no {@link SecurityFilterChain} of its own, a stateless default chain (WeChat login, bearer
 * tokens, the Actuator health endpoint open, every other request authenticated). Also enables
 * method security ({@code @PreAuthorize}) unless the application did or
 * {@code wechat.login.method-security} is {@code false}, makes WeChat login failures publish
 * authentication failure events, and registers Spring Security's {@link StrictHttpFirewall} with
 * allocation-free character checks ({@link HttpFirewallCharacterChecks}) and an
 * {@link AuthorizationHeaderBearerTokenResolver} unless the application has an
 * {@link HttpFirewall} or a {@link BearerTokenResolver} of its own.
 *
 * @author wechat-login developers
 */
@AutoConfiguration(after = WeChatLoginAutoConfiguration.class, beforeName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class WeChatLoginSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WeChatLoginRequestMatcher weChatLoginRequestMatcher(WeChatLoginProperties properties,
			WeChatRegistrationRepository registrations) {
		return new WeChatLoginRequestMatcher(properties.getLoginPath(), registrations);
	}

	@Bean
	@ConditionalOnMissingBean(HttpFirewall.class)
	StrictHttpFirewall weChatLoginHttpFirewall() {
		return HttpFirewallCharacterChecks.strictHttpFirewall();
	}

	@Bean
	@ConditionalOnMissingBean(BearerTokenResolver.class)
	AuthorizationHeaderBearerTokenResolver weChatLoginBearerTokenResolver() {
		return new AuthorizationHeaderBearerTokenResolver();
	}

	@Bean
	static BeanPostProcessor weChatLoginAuthenticationEventMappings() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DefaultAuthenticationEventPublisher publisher) {
					publisher.setAdditionalExceptionMappings(Map.of(WeChatAuthenticationException.class,
							AuthenticationFailureBadCredentialsEvent.class, WeChatCodeReplayException.class,
							AuthenticationFailureBadCredentialsEvent.class, WeChatAuthenticationServiceException.class,
							AuthenticationFailureServiceExceptionEvent.class));
				}
				return bean;
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDefaultWebSecurity
	static class DefaultSecurityFilterChainConfiguration {

		private static final boolean HEALTH_ENDPOINT_PRESENT = ClassUtils.isPresent(
				"org.springframework.boot.health.actuate.endpoint.HealthEndpoint", null)
				&& ClassUtils.isPresent(
						"org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration", null);

		@Bean
		SecurityFilterChain weChatLoginSecurityFilterChain(HttpSecurity http) throws Exception {
			http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> {
					if (HEALTH_ENDPOINT_PRESENT) {
						requests.requestMatchers(HealthRequests.matcher()).permitAll();
					}
					requests.anyRequest().authenticated();
				})
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(AbstractHttpConfigurer::disable)
				.logout(AbstractHttpConfigurer::disable)
				.requestCache((cache) -> cache.disable());
			return http.build();
		}

	}

	/**
	 * The Actuator health endpoint (and its probe groups), open without a token so that load
	 * balancers and Kubernetes probes work, as in Spring Boot's own default chain.
	 */
	static final class HealthRequests {

		private HealthRequests() {
		}

		static RequestMatcher matcher() {
			return EndpointRequest.to(HealthEndpoint.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = "preAuthorizeAuthorizationMethodInterceptor")
	@ConditionalOnBooleanProperty(name = "wechat.login.method-security", matchIfMissing = true)
	@EnableMethodSecurity
	static class MethodSecurityConfiguration {

	}

}
