package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a request whose user lacks an authority with {@code 403} and an
 * {@code application/problem+json} body whose {@code error} is {@code access_denied}.
 *
 * @author wechat-login developers
 */
public final class WeChatAccessDeniedHandler implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		ServletAnswers.write(response, answer());
	}

	/**
	 * Return the answer to a request whose user lacks an authority, whatever the web stack.
	 * @return the answer
	 */
	public static WeChatAnswer answer() {
		return WeChatAnswer.problem(HttpStatus.FORBIDDEN,
				new WeChatError(WeChatErrorCodes.ACCESS_DENIED, "The user is not allowed to do this"));
	}

}
