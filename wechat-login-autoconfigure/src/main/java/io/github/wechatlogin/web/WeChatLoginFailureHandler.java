package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationServiceException;
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
		WeChatError error = resolve(exception);
		if (exception instanceof AuthenticationServiceException
				&& !(exception instanceof WeChatAuthenticationServiceException)) {
			logger.warn("WeChat login failed on the server side: " + exception.getMessage());
		}
		WeChatProblemDetails.write(response, error);
	}

	/**
	 * Return the error and the {@code Retry-After} a failure is answered with.
	 */
	static WeChatError resolve(AuthenticationException exception) {
		if (exception instanceof WeChatAuthenticationException ex) {
			return ex.getError();
		}
		if (exception instanceof WeChatAuthenticationServiceException ex) {
			return ex.getError();
		}
		if (exception instanceof AccountStatusException) {
			return new WeChatError(WeChatErrorCodes.USER_BLOCKED, "The user is not allowed to log in");
		}
		if (exception instanceof AuthenticationServiceException) {
			return WeChatError.unavailable("Login");
		}
		return new WeChatError(WeChatErrorCodes.INVALID_CODE, "The login was refused; obtain a new code");
	}

}
