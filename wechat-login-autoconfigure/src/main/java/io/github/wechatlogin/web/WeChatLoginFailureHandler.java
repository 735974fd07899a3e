package io.github.wechatlogin.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a failed WeChat login with an {@code application/problem+json} error (see
 * {@link WeChatProblemDetails}). Other {@link AuthenticationException}s, such as those a custom
 * {@code WeChatUserService} throws, are answered too: account status problems as
 * {@code user_blocked} 403, service failures as {@code upstream_unavailable} 503, anything else as
 * {@code invalid_code} 401.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginFailureHandler implements AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(WeChatLoginFailureHandler.class);

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		ServletAnswers.write(response, WeChatEndpointAnswers.loginFailure(exception));
	}

}
