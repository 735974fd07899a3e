package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
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
		ServletAnswers.write(response, answer(authException));
	}

	/**
	 * Return the answer to a request whose bearer token is missing, refused or cannot be checked,
	 * whatever the web stack.
	 * @param authException why the request is not authenticated
	 * @return the answer
	 */
	public static WeChatAnswer answer(AuthenticationException authException) {
		if (authException instanceof AuthenticationServiceException || (authException instanceof OAuth2AuthenticationException ex
				&& OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(ex.getError().getErrorCode()))) {
			return WeChatAnswer.problem(WeChatError.unavailable("Checking the token"));
		}
		if (authException instanceof OAuth2AuthenticationException) {
			return WeChatAnswer
				.problem(HttpStatus.UNAUTHORIZED, new WeChatError(WeChatErrorCodes.INVALID_TOKEN, INVALID_TOKEN_DESCRIPTION))
				.withHeader(HttpHeaders.WWW_AUTHENTICATE,
						"Bearer error=\"invalid_token\", error_description=\"" + INVALID_TOKEN_DESCRIPTION + "\"");
		}
		return WeChatAnswer
			.problem(HttpStatus.UNAUTHORIZED, new WeChatError(WeChatErrorCodes.UNAUTHORIZED, "A bearer token is required"))
			.withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

}
