package io.github.wechatlogin.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.wechatlogin.config.WeChatLoginPaths;
import io.github.wechatlogin.config.web.server.WeChatLoginServerConfigurer;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the WebFlux security for WeChat login, the counterpart of
 * {@link WeChatLoginSecurityAutoConfiguration}: the paths of the endpoints
 * ({@link WeChatLoginPaths}), the {@link ReactiveAuthenticationManager} of WeChat logins,
 * failure event mappings, and, when the
 * application declares no {@link SecurityWebFilterChain} of its own, a stateless default chain
 * (WeChat login, bearer tokens, the Actuator health endpoint open, every other request
 * authenticated). The shared beans (registrations, WeChat API client, user service, code guard,
 * tokens, stores) are {@link WeChatLoginAutoConfiguration}'s. There is deliberately no
 * {@link ReactiveJwtDecoder} bean: {@code ServerHttpSecurity}'s {@code jwt()} takes the context's
 * only one whether it is a default candidate or not, and would hand WeChat's key to the
 * application's own resource servers; the configurer builds its decoder from
 * {@code WeChatJwtCodecs}.
 * <p>
 * Not on WebFlux yet (see docs/webflux-and-gateway.md): the phone number endpoint, the
 * {@code session_key} (the beans exist, but logins do not keep keys), issuing, refresh and logout
 * on the reactive Redis API (called on {@code Schedulers.boundedElastic()}; the code guard and the
 * revocation check of bearer requests are on the reactive API), the chain verifier.
 *
 * @author wechat-login developers
 */
@AutoConfiguration(after = WeChatLoginAutoConfiguration.class,
		before = { ReactiveWebSecurityAutoConfiguration.class, ReactiveManagementWebSecurityAutoConfiguration.class,
				ReactiveUserDetailsServiceAutoConfiguration.class })
@AutoConfigureOrder(Ordered.HIGHEST_PRECEDENCE + 100)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ Mono.class, ServerHttpSecurity.class })
// the WeChat calls on WebClient and the non-blocking manager of logins, named
// WeChatLoginServerConfigurer.AUTHENTICATION_MANAGER_BEAN_NAME
@Import(WeChatLoginReactiveClientConfiguration.class)
public final class WeChatLoginReactiveSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WeChatLoginPaths weChatLoginPaths(WeChatLoginProperties properties) {
		return WeChatLoginSecurityAutoConfiguration.paths(properties);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "wechat.login.authentication-events", matchIfMissing = true)
	static BeanPostProcessor weChatLoginReactiveAuthenticationEventMappings() {
		return WeChatLoginSecurityAutoConfiguration.weChatLoginAuthenticationEventMappings();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	static class DefaultSecurityWebFilterChainConfiguration {

		@Bean
		SecurityWebFilterChain weChatLoginSecurityWebFilterChain(ServerHttpSecurity http, ApplicationContext context,
				ListableBeanFactory beanFactory) {
			refuseForeignResourceServer(beanFactory);
			WeChatLoginServerConfigurer.weChatLogin(context)
				.configure(http)
				.authorizeExchange((exchanges) -> {
					if (ActuatorPresence.WEB_ENDPOINTS) {
						// the registrations and their eviction are for operators, never for app users
						exchanges.matchers(ActuatorExchanges.registrations()).denyAll();
					}
					if (ActuatorPresence.HEALTH_ENDPOINT) {
						exchanges.matchers(ActuatorExchanges.health()).permitAll();
					}
					exchanges.anyExchange().authenticated();
				})
				.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
				.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
				.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
				.logout(ServerHttpSecurity.LogoutSpec::disable);
			return http.build();
		}

		/**
		 * An application with a resource server of its own and no chain: the default chain would
		 * refuse its tokens everywhere. Which tokens go where is the application's to say.
		 */
		private static void refuseForeignResourceServer(ListableBeanFactory beanFactory) {
			List<String> names = new ArrayList<>(List.of(beanFactory.getBeanNamesForType(ReactiveJwtDecoder.class)));
			names.addAll(List.of(beanFactory.getBeanNamesForType(ReactiveOpaqueTokenIntrospector.class)));
			if (!names.isEmpty()) {
				throw new WeChatLoginConfigurationException("The application validates bearer tokens of its own "
						+ "(beans " + names + ", for example from spring.security.oauth2.resourceserver.*) but declares "
						+ "no SecurityWebFilterChain, so WeChat login's default chain would refuse those tokens "
						+ "everywhere.",
						"Declare your SecurityWebFilterChains: one with securityMatcher(...) and "
								+ "oauth2ResourceServer(...) for your tokens, and one with "
								+ "WeChatLoginServerConfigurer.weChatLogin(context).configure(http) for the mini "
								+ "program (see docs/webflux-and-gateway.md).");
			}
		}

	}

	/**
	 * The Actuator endpoints the default chain opens (health, and its probe groups) or closes
	 * ({@code wechatlogin}, for operators only); each method needs its module on the classpath.
	 */
	static final class ActuatorExchanges {

		private ActuatorExchanges() {
		}

		static ServerWebExchangeMatcher health() {
			return EndpointRequest.to(HealthEndpoint.class);
		}

		static ServerWebExchangeMatcher registrations() {
			return EndpointRequest.to(WeChatRegistrationsEndpoint.ID);
		}

	}

}
