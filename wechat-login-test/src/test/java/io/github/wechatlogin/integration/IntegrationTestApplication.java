package io.github.wechatlogin.integration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.session.InMemoryWeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.parameters.P;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that relies on the auto-configuration alone: no security configuration of its
 * own, a controller using {@code @AuthenticationPrincipal} and {@code @PreAuthorize}. The same
 * controller runs on Spring MVC and, with {@code spring.main.web-application-type=reactive}, on
 * WebFlux: the methods with {@code @PreAuthorize} return a {@link Mono}, as reactive method
 * security requires (Spring MVC answers a {@code Mono} as well).
 */
@SpringBootApplication
public class IntegrationTestApplication {

	/**
	 * With {@code it.failing-openid} set, a user service that fails (an
	 * {@link IllegalStateException}, no authentication exception) for that openid, as an
	 * application's database might, and is the default one for any other.
	 */
	@Bean
	@ConditionalOnProperty("it.failing-openid")
	WeChatUserService failingUserService(org.springframework.core.env.Environment environment) {
		String failing = environment.getRequiredProperty("it.failing-openid");
		WeChatUserService delegate = new DefaultWeChatUserService();
		return (request) -> {
			if (failing.equals(request.identity().getOpenid())) {
				throw new IllegalStateException("user table unavailable for " + failing);
			}
			return delegate.loadUser(request);
		};
	}

	/**
	 * With {@code it.session-key-store=in-memory}, a store of session keys of the application's
	 * own, on either stack.
	 */
	@Bean
	@ConditionalOnProperty(name = "it.session-key-store", havingValue = "in-memory")
	WeChatSessionKeyStore testSessionKeyStore() {
		return new InMemoryWeChatSessionKeyStore();
	}

	@Bean
	AuthenticationEvents authenticationEvents() {
		return new AuthenticationEvents();
	}

	@RestController
	static class TestController {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal WeChatUser user) {
			return Map.of("name", user.getName(), "openid", String.valueOf(user.getOpenid()), "app_id",
					user.getAppId(), "registration_id", user.getRegistrationId(), "authorities",
					user.getAuthorities().stream().map(Object::toString).sorted().toList());
		}

		@GetMapping("/api/owner")
		@PreAuthorize("principal.openid == 'o-owner'")
		Mono<Map<String, Object>> owner() {
			return Mono.just(Map.of("owner", true));
		}

		/** Only the users of the registration in the path: the SpEL of docs/registrations.md. */
		@GetMapping("/api/tenants/{registrationId}/ping")
		@PreAuthorize("principal.registrationId == #registrationId")
		Mono<Map<String, Object>> tenant(@P("registrationId") @PathVariable String registrationId) {
			return Mono.just(Map.of("tenant", registrationId));
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Mono<Map<String, Object>> admin() {
			return Mono.just(Map.of("admin", true));
		}

	}

	/**
	 * Method security on WebFlux, which the application enables itself (on Spring MVC the
	 * auto-configuration does).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@EnableReactiveMethodSecurity
	static class ReactiveMethodSecurityConfiguration {

	}

	/**
	 * Collects authentication events.
	 */
	static class AuthenticationEvents {

		final List<AbstractAuthenticationEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(AbstractAuthenticationEvent event) {
			this.events.add(event);
		}

	}

}
