package io.github.wechatlogin.web;

import java.io.IOException;
import java.time.Duration;

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

	private static final Duration SERVICE_RETRY_AFTER = Duration.ofSeconds(5);

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof WeChatAuthenticationException ex) {
			WeChatProblemDetails.write(response, ex.getError(), ex.getRetryAfter());
		}
		else if (exception instanceof WeChatAuthenticationServiceException ex) {
			WeChatProblemDetails.write(response, ex.getError(), ex.getRetryAfter());
		}
		else if (exception instanceof AccountStatusException) {
			WeChatProblemDetails.write(response,
					new WeChatError(WeChatErrorCodes.USER_BLOCKED, "The user is not allowed to log in"), null);
		}
		else if (exception instanceof AuthenticationServiceException) {
			logger.warn("WeChat login failed on the server side: " + exception.getMessage());
			WeChatProblemDetails.write(response,
					new WeChatError(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, "Login is unavailable; try again later"),
					SERVICE_RETRY_AFTER);
		}
		else {
			WeChatProblemDetails.write(response,
					new WeChatError(WeChatErrorCodes.INVALID_CODE, "The login was refused; obtain a new code"), null);
		}
	}

}
