package io.github.wechatlogin.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's API.
 *
 * @author wechat-login developers
 */
@RestController
class DemoController {

	private static final Map<String, Object> PONG = Map.of("pong", true);

	/**
	 * Answer who the caller is.
	 * @param user the logged in user, from the bearer token
	 * @return the caller's openid, unionid, app id and authorities
	 */
	@GetMapping("/api/me")
	Map<String, Object> me(@AuthenticationPrincipal WeChatUser user) {
		List<String> authorities = user.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.sorted()
			.toList();
		Map<String, Object> me = new LinkedHashMap<>();
		me.put("openid", user.getOpenid());
		me.put("unionid", user.getUnionid());
		me.put("app_id", user.getAppId());
		me.put("authorities", authorities);
		return me;
	}

	@GetMapping("/api/admin/ping")
	@PreAuthorize("hasRole('ADMIN')")
	Map<String, Object> adminPing() {
		return PONG;
	}

	/**
	 * Answer only users with a bound phone number.
	 * @return pong
	 */
	@GetMapping("/api/verified/ping")
	@PreAuthorize("hasRole('VERIFIED')")
	Map<String, Object> verifiedPing() {
		return PONG;
	}

	@GetMapping("/api/ping")
	Map<String, Object> ping() {
		return PONG;
	}

	@GetMapping("/api/public/ping")
	Map<String, Object> publicPing() {
		return PONG;
	}

}
