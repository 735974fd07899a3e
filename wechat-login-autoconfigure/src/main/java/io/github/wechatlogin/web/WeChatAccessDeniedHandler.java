package io.github.wechatlogin.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
		ServletAnswers.write(response, WeChatEndpointAnswers.accessDenied());
	}

}
