package io.github.wechatlogin.test.security;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WebFlux counterpart of {@link SecuredApplication}: secured by the auto-configured WeChat
 * login alone, with reactive method security on a controller and a service.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableReactiveMethodSecurity
@Import({ ReactiveSecuredApplication.SecuredController.class, ReactiveSecuredApplication.AdminService.class })
public class ReactiveSecuredApplication {

	@RestController
	static class SecuredController {

		@GetMapping("/api/me")
		Mono<Map<String, Object>> me(@AuthenticationPrincipal WeChatUser user) {
			Map<String, Object> me = new LinkedHashMap<>();
			me.put("name", user.getName());
			me.put("openid", user.getOpenid());
			me.put("unionid", user.getUnionid());
			me.put("app_id", user.getAppId());
			me.put("registration_id", user.getRegistrationId());
			me.put("user_id", user.getUserId());
			me.put("login_type", user.getLoginType());
			me.put("phone", user.getPhone());
			me.put("authorities", user.getAuthorities().stream().map(Object::toString).sorted().toList());
			return Mono.just(me);
		}

		@GetMapping("/api/authentication")
		Mono<Map<String, Object>> authentication(Authentication authentication) {
			return Mono.just(Map.of("type", authentication.getClass().getSimpleName()));
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Mono<Map<String, Object>> admin() {
			return Mono.just(Map.of("admin", true));
		}

		@GetMapping("/api/owner")
		@PreAuthorize("principal.openid == 'o-owner'")
		Mono<Map<String, Object>> owner() {
			return Mono.just(Map.of("owner", true));
		}

	}

	@Service
	public static class AdminService {

		@PreAuthorize("hasRole('ADMIN') and principal.appId == 'wx-test-app'")
		public Mono<String> secret() {
			return Mono.just("42");
		}

	}

}
