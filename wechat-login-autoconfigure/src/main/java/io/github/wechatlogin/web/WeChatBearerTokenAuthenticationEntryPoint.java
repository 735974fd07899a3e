package io.github.wechatlogin.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request without a valid bearer token with {@code 401}, the RFC 6750 challenge and an
 * {@code application/problem+json} body: {@code WWW-Authenticate: Bearer} and {@code error}
 * {@code unauthorized} when no token was sent, {@code WWW-Authenticate: Bearer
 * error="invalid_token", ...} and {@code error} {@code invalid_token} when one was refused.
 * Neither the header nor the body says why a token was refused (malformed, expired, signed with
 * another key), so that probing learns nothing. When the token cannot be checked (the revocation
 * store is down) the answer is {@code 503 upstream_unavailable} with {@code Retry-After}: the
 * request fails closed, and the client keeps its tokens.
 *
 * @author wechat-login developers
 */
public final class WeChatBearerTokenAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private static final String INVALID_TOKEN_DESCRIPTION = "The bearer token is invalid, expired or revoked";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ServletAnswers.write(response, WeChatEndpointAnswers.bearerTokenRefused(authException));
	}

}
