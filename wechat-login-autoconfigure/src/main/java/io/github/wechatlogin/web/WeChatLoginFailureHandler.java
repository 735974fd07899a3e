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
		ServletAnswers.write(response, answer(exception));
	}

	/**
	 * Return the answer to a failed login, whatever the web stack (and log a failure of the
	 * server side, without its cause's details).
	 * @param exception why the login failed
	 * @return the answer
	 */
	public static WeChatAnswer answer(AuthenticationException exception) {
		WeChatError error = resolve(exception);
		if (exception instanceof AuthenticationServiceException
				&& !(exception instanceof WeChatAuthenticationServiceException)) {
			logger.warn("WeChat login failed on the server side: " + exception.getMessage());
		}
		return WeChatAnswer.problem(error);
	}

	/**
	 * Return the error and the {@code Retry-After} a failure is answered with.
	 * @param exception why the login failed
	 * @return the error
	 */
	public static WeChatError resolve(AuthenticationException exception) {
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
