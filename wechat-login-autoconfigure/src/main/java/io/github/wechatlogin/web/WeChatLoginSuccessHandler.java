package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.token.WeChatTokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;

/**
 * Answers a successful WeChat login with {@code 200} and the issued tokens as JSON:
 * {@code access_token}, {@code token_type} ({@code Bearer}), {@code expires_in} (seconds),
 * {@code refresh_token}, {@code openid}, {@code unionid} and {@code redirect_path}. The answer is
 * never cached. When the token stores cannot record the new tokens, the login is answered
 * {@code 503 upstream_unavailable}.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginSuccessHandler implements AuthenticationSuccessHandler {

	private static final Log logger = LogFactory.getLog(WeChatLoginSuccessHandler.class);

	private final WeChatTokenService tokenService;

	/**
	 * Create a new instance.
	 * @param tokenService the service that issues the tokens
	 */
	public WeChatLoginSuccessHandler(WeChatTokenService tokenService) {
		Assert.notNull(tokenService, "tokenService cannot be null");
		this.tokenService = tokenService;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		ServletAnswers.write(response, WeChatEndpointAnswers.loginSuccess(this.tokenService, authentication));
	}

}
