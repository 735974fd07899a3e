package io.github.wechatlogin.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatTokenIssuer;
import io.github.wechatlogin.token.WeChatTokenResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;

/**
 * Answers a successful WeChat login with {@code 200} and the issued tokens as JSON:
 * {@code access_token}, {@code token_type} ({@code Bearer}), {@code expires_in} (seconds),
 * {@code refresh_token} when one is issued, {@code openid}, {@code unionid} and
 * {@code redirect_path}. The answer is never cached.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginSuccessHandler implements AuthenticationSuccessHandler {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final WeChatTokenIssuer tokenIssuer;

	/**
	 * Create a new instance.
	 * @param tokenIssuer the issuer of the tokens
	 */
	public WeChatLoginSuccessHandler(WeChatTokenIssuer tokenIssuer) {
		Assert.notNull(tokenIssuer, "tokenIssuer cannot be null");
		this.tokenIssuer = tokenIssuer;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		WeChatAuthentication login = (WeChatAuthentication) authentication;
		WeChatTokenResponse tokens = this.tokenIssuer.issue(login);
		WeChatUser user = login.getPrincipal();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", tokens.accessToken());
		body.put("token_type", "Bearer");
		body.put("expires_in", tokens.expiresIn().toSeconds());
		if (tokens.refreshToken() != null) {
			body.put("refresh_token", tokens.refreshToken());
		}
		body.put("openid", user.getOpenid());
		body.put("unionid", user.getUnionid());
		body.put("redirect_path",
				(login.getDetails() instanceof WeChatLoginDetails details) ? details.redirectPath() : null);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		response.getOutputStream().write(JSON.writeValueAsBytes(body));
		response.flushBuffer();
	}

}
