package io.github.wechatlogin.test.security;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application secured by the auto-configured WeChat login alone, with a controller and a
 * service using {@code @AuthenticationPrincipal} and {@code @PreAuthorize}: what the test
 * support is used on.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ SecuredApplication.SecuredController.class, SecuredApplication.AdminService.class })
public class SecuredApplication {

	@RestController
	static class SecuredController {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal WeChatUser user) {
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
			return me;
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, Object> admin() {
			return Map.of("admin", true);
		}

		@GetMapping("/api/owner")
		@PreAuthorize("principal.openid == 'o-owner'")
		Map<String, Object> owner() {
			return Map.of("owner", true);
		}

	}

	@Service
	public static class AdminService {

		@PreAuthorize("hasRole('ADMIN') and principal.appId == 'wx-test-app'")
		public String secret() {
			return "42";
		}

	}

}
