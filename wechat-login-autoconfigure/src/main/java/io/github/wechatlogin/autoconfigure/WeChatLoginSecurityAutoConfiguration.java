package io.github.wechatlogin.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.authentication.WeChatCodeReplayException;
import io.github.wechatlogin.config.WeChatLoginChainVerifier;
import io.github.wechatlogin.config.WeChatLoginConfigurer;
import io.github.wechatlogin.config.WeChatLoginPaths;
import io.github.wechatlogin.web.AuthorizationHeaderBearerTokenResolver;
import io.github.wechatlogin.web.HttpFirewallCharacterChecks;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the servlet security for WeChat login: the paths of the login endpoints
 * ({@link WeChatLoginPaths}), the check that every endpoint is reached
 * ({@link WeChatLoginChainVerifier}) and, when the application declares no
 * {@link SecurityFilterChain} of its own, a stateless default chain (WeChat login, bearer tokens,
 * the Actuator health endpoint open, every other request authenticated).
 * <p>
 * What it adds to the whole application, each with the property that turns it off (see
 * docs/existing-applications.md): method security ({@code @PreAuthorize}) unless the application
 * enabled it ({@code wechat.login.method-security}); Spring Security's {@link StrictHttpFirewall}
 * with allocation-free character checks ({@link HttpFirewallCharacterChecks}) unless the
 * application has an {@link HttpFirewall} ({@code wechat.login.http-firewall}); an
 * {@link AuthorizationHeaderBearerTokenResolver} unless the application has a
 * {@link BearerTokenResolver} ({@code wechat.login.bearer-token-resolver}); and failure event
 * mappings for the starter's own exceptions ({@code wechat.login.authentication-events}).
 * <p>
 * Ordered before Spring Boot's security auto-configurations, whose default chains back off when
 * this one exists, and early among the others ({@link AutoConfigureOrder}) so that it also comes
 * before the resource-server auto-configuration, whose class moved between Spring Boot 4.0 and
 * 4.1 and is therefore not named.
 *
 * @author wechat-login developers
 */
@AutoConfiguration(after = WeChatLoginAutoConfiguration.class, before = { ServletWebSecurityAutoConfiguration.class,
		ManagementWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class })
@AutoConfigureOrder(Ordered.HIGHEST_PRECEDENCE + 100)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class WeChatLoginSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WeChatLoginPaths weChatLoginPaths(WeChatLoginProperties properties) {
		return paths(properties);
	}

	/**
	 * The paths of {@code wechat.login.*}, checked: those of both stacks.
	 */
	static WeChatLoginPaths paths(WeChatLoginProperties properties) {
		String loginPath = plainPath(properties.getLoginPath(), "wechat.login.login-path", "/login/wechat");
		String refreshPath = (properties.getRefreshPath() != null)
				? plainPath(properties.getRefreshPath(), "wechat.login.refresh-path", "/login/wechat/refresh") : null;
		String logoutPath = plainPath(properties.getLogoutPath(), "wechat.login.logout-path", "/logout");
		String jwkSetPath = plainPath(properties.getJwkSetPath(), "wechat.login.jwk-set-path",
				"/.well-known/jwks.json");
		String phoneNumberPath = (properties.getPhoneNumberPath() != null) ? plainPath(
				properties.getPhoneNumberPath(), "wechat.login.phone-number-path", "/login/wechat/phone-number")
				: null;
		return WeChatLoginPaths.of(loginPath, refreshPath, logoutPath, jwkSetPath, phoneNumberPath);
	}

	static String plainPath(@Nullable String path, String property, String example) {
		if (!WeChatLoginPaths.isPlainPath(path)) {
			throw new WeChatLoginConfigurationException(property + " '" + path + "' is not a plain path.",
					"Set " + property + " to a path such as " + example
							+ " (it starts with '/', has no pattern, query or trailing '/').");
		}
		return path;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "wechat.login.verify-chains", matchIfMissing = true)
	static WeChatLoginChainVerifier weChatLoginChainVerifier(ListableBeanFactory beanFactory, Environment environment) {
		return new WeChatLoginChainVerifier(beanFactory, environment.getProperty("spring.mvc.servlet.path"));
	}

	@Bean
	@ConditionalOnMissingBean(HttpFirewall.class)
	@ConditionalOnBooleanProperty(name = "wechat.login.http-firewall", matchIfMissing = true)
	StrictHttpFirewall weChatLoginHttpFirewall() {
		return HttpFirewallCharacterChecks.strictHttpFirewall();
	}

	@Bean
	@ConditionalOnMissingBean(BearerTokenResolver.class)
	@ConditionalOnBooleanProperty(name = "wechat.login.bearer-token-resolver", matchIfMissing = true)
	AuthorizationHeaderBearerTokenResolver weChatLoginBearerTokenResolver() {
		return new AuthorizationHeaderBearerTokenResolver();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "wechat.login.authentication-events", matchIfMissing = true)
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
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	static class DefaultSecurityFilterChainConfiguration {

		private static final boolean HEALTH_ENDPOINT_PRESENT = ActuatorPresence.HEALTH_ENDPOINT;

		/** The Actuator's web endpoints, with or without the health module. */
		private static final boolean WEB_ENDPOINTS_PRESENT = ActuatorPresence.WEB_ENDPOINTS
				&& ClassUtils.isPresent(
						"org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest", null);

		@Bean
		SecurityFilterChain weChatLoginSecurityFilterChain(HttpSecurity http, ListableBeanFactory beanFactory)
				throws Exception {
			refuseForeignResourceServer(beanFactory);
			http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> {
					if (WEB_ENDPOINTS_PRESENT) {
						// the registrations and their eviction are for operators, never for app
						// users, whether or not the health endpoint is there
						requests.requestMatchers(RegistrationsEndpointRequests.matcher()).denyAll();
					}
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

		/**
		 * An application with a resource server of its own (Spring Boot's from
		 * {@code spring.security.oauth2.resourceserver.*}, or its own decoder) and no chain: the
		 * default chain would refuse its tokens everywhere, and Spring Boot's resource-server chain
		 * backs off because this one exists. Which tokens go where is the application's to say.
		 */
		private static void refuseForeignResourceServer(ListableBeanFactory beanFactory) {
			List<String> names = new ArrayList<>();
			names.addAll(List.of(beanFactory.getBeanNamesForType(JwtDecoder.class)));
			names.addAll(List.of(beanFactory.getBeanNamesForType(OpaqueTokenIntrospector.class)));
			if (!names.isEmpty()) {
				throw new WeChatLoginConfigurationException("The application validates bearer tokens of its own "
						+ "(beans " + names + ", for example from spring.security.oauth2.resourceserver.*) but declares "
						+ "no SecurityFilterChain, so WeChat login's default chain would refuse those tokens everywhere.",
						"Declare your SecurityFilterChains: one with securityMatcher(...) and "
								+ "oauth2ResourceServer(...) for your tokens, and one with "
								+ "http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults()) for the "
								+ "mini program (see docs/existing-applications.md).");
			}
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

	/**
	 * The Actuator endpoint {@code wechatlogin} ({@link WeChatRegistrationsEndpoint}), closed to
	 * every user of the default chain; apart from {@link HealthRequests}, which needs the health
	 * module.
	 */
	static final class RegistrationsEndpointRequests {

		private RegistrationsEndpointRequests() {
		}

		static RequestMatcher matcher() {
			return EndpointRequest.to(WeChatRegistrationsEndpoint.ID);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = "preAuthorizeAuthorizationMethodInterceptor")
	@ConditionalOnBooleanProperty(name = "wechat.login.method-security", matchIfMissing = true)
	@EnableMethodSecurity
	static class MethodSecurityConfiguration {

	}

}
