package io.github.wechatlogin.demo;

import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.session.WeChatSessionKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the demo does with the caller's {@code session_key}, which never leaves the server:
 * decrypt the WeRun data of {@code wx.getWeRunData} and check the session. A user of the
 * multi-terminal registration has no {@code session_key}: {@code 400 invalid_request} (a new
 * login cannot give it one).
 *
 * @author wechat-login developers
 */
@RestController
class SessionKeyController {

	private final WeChatSessionKeys sessionKeys;

	SessionKeyController(WeChatSessionKeys sessionKeys) {
		this.sessionKeys = sessionKeys;
	}

	/**
	 * Decrypt the caller's WeRun data.
	 * @param user the logged in user, from the bearer token
	 * @param request {@code encryptedData} and {@code iv} of {@code wx.getWeRunData}
	 * @return the decrypted JSON: {@code stepInfoList} and {@code watermark}
	 */
	@PostMapping(path = "/api/werun", produces = MediaType.APPLICATION_JSON_VALUE)
	String weRun(@AuthenticationPrincipal WeChatUser user, @RequestBody WeRunRequest request) {
		return this.sessionKeys.decrypt(user, request.encryptedData(), request.iv());
	}

	/**
	 * Ask WeChat whether the caller's {@code session_key} is still valid: {@code false} after a
	 * {@code wx.login} elsewhere; the client then logs in again.
	 * @param user the logged in user, from the bearer token
	 * @return {@code {"valid": true|false}}
	 */
	@GetMapping("/api/session/check")
	Map<String, Object> check(@AuthenticationPrincipal WeChatUser user) {
		return Map.of("valid", this.sessionKeys.checkSession(user));
	}

	/**
	 * The body of {@code POST /api/werun}.
	 *
	 * @param encryptedData the encrypted data, base64
	 * @param iv the iv, base64
	 */
	record WeRunRequest(@Nullable String encryptedData, @Nullable String iv) {

	}

}
