package io.github.wechatlogin.knobs;

import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that relies on the auto-configuration alone (no security configuration of its
 * own, no component scanning), with a controller that shows the caller and an endpoint for
 * admins only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(KnobApplication.Controller.class)
class KnobApplication {

	@RestController
	static class Controller {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal WeChatUser user) {
			return Map.of("openid", String.valueOf(user.getOpenid()), "app_id", user.getAppId(), "registration_id",
					user.getRegistrationId(), "authorities",
					user.getAuthorities().stream().map(Object::toString).sorted().toList());
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> admin() {
			return Map.of("admin", true);
		}

	}

}
