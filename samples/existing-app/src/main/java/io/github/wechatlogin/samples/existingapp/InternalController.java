package io.github.wechatlogin.samples.existingapp;

import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API, for other services with a token of the company's identity provider.
 *
 * @author wechat-login developers
 */
@RestController
class InternalController {

	@GetMapping("/internal/ping")
	Map<String, Object> ping(@AuthenticationPrincipal Jwt jwt) {
		String caller = jwt.getSubject();
		return Map.of("pong", true, "caller", (caller != null) ? caller : "");
	}

}
