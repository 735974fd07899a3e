package io.github.wechatlogin.samples.existingapp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The mini program's API, for WeChat users with a bearer token.
 *
 * @author wechat-login developers
 */
@RestController
class MiniProgramController {

	@GetMapping("/api/me")
	Map<String, @Nullable Object> me(@AuthenticationPrincipal WeChatUser user) {
		Map<String, @Nullable Object> me = new LinkedHashMap<>();
		me.put("openid", user.getOpenid());
		me.put("unionid", user.getUnionid());
		return me;
	}

	@GetMapping("/api/orders")
	@PreAuthorize("hasRole('USER')")
	Map<String, Object> orders(@AuthenticationPrincipal WeChatUser user) {
		return Map.of("owner", user.getName(), "orders", List.of());
	}

	@GetMapping("/api/admin-report")
	@PreAuthorize("hasRole('ADMIN')")
	Map<String, Object> adminReport() {
		return Map.of("report", "orders-per-day");
	}

	@GetMapping("/api/public/hello")
	Map<String, Object> hello() {
		return Map.of("hello", "world");
	}

}
