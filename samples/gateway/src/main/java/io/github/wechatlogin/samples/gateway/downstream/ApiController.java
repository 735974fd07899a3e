package io.github.wechatlogin.samples.gateway.downstream;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The downstream API. It sees the gateway's token as a plain {@link Jwt}: the claims
 * {@code sub}, {@code openid}, {@code unionid}, {@code app_id}...
 *
 * @author wechat-login developers
 */
@RestController
class ApiController {

	@GetMapping("/api/me")
	Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
		Map<String, Object> me = new LinkedHashMap<>();
		me.put("service", "downstream");
		me.put("sub", jwt.getSubject());
		me.put("openid", jwt.getClaimAsString("openid"));
		me.put("unionid", jwt.getClaimAsString("unionid"));
		return me;
	}

	@GetMapping("/api/admin/ping")
	@PreAuthorize("@admins.contains(authentication.token.claims['openid'])")
	Map<String, Object> adminPing(@AuthenticationPrincipal Jwt jwt) {
		return Map.of("pong", true, "openid", jwt.getClaimAsString("openid"));
	}

}
