package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.core.WeChatError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request without valid bearer token with {@code 401}, the
 * {@code WWW-Authenticate: Bearer} challenge of RFC 6750, and an
 * {@code application/problem+json} body whose {@code error} is {@code invalid_token} when a
 * token was sent and {@code unauthorized} when none was. The body never says why a token was
 * refused beyond that.
 *
 * @author wechat-login developers
 */
public final class WeChatBearerTokenAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.challenge.commence(request, response, authException);
		WeChatError error = (authException instanceof OAuth2AuthenticationException)
				? new WeChatError("invalid_token", "The bearer token is invalid, expired or revoked")
				: new WeChatError("unauthorized", "A bearer token is required");
		WeChatProblemDetails.write(response, HttpStatus.UNAUTHORIZED, error, null);
	}

}
