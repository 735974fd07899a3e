package io.github.wechatlogin.web;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.util.StringUtils;

/**
 * Reads the bearer token of an {@code Authorization} header by the rules of
 * {@link AuthorizationHeaderBearerTokenResolver}, whatever the web stack (the WebFlux converter
 * in {@code io.github.wechatlogin.web.server} applies them too); nothing here refers to the
 * servlet API.
 *
 * @author wechat-login developers
 */
public final class WeChatBearerTokens {

	private static final String BEARER_PREFIX = "Bearer ";

	private WeChatBearerTokens() {
	}

	/**
	 * Return the bearer token of an {@code Authorization} header, whatever the web stack.
	 * @param authorization the value of the header, or {@code null}
	 * @return the token, or {@code null} if the header is not a bearer one
	 * @throws OAuth2AuthenticationException {@code invalid_token} if it is a malformed bearer one
	 */
	public static @Nullable String resolve(@Nullable String authorization) {
		if (!StringUtils.startsWithIgnoreCase(authorization, "bearer")) {
			return null;
		}
		if (!isBearerCredentials(authorization)) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return authorization.substring(BEARER_PREFIX.length());
	}

	private static boolean isBearerCredentials(String authorization) {
		int length = authorization.length();
		if (length <= BEARER_PREFIX.length()
				|| !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return false;
		}
		int i = BEARER_PREFIX.length();
		int tokenStart = i;
		while (i < length && isToken68Character(authorization.charAt(i))) {
			i++;
		}
		if (i == tokenStart) {
			return false;
		}
		while (i < length && authorization.charAt(i) == '=') {
			i++;
		}
		return i == length;
	}

	private static boolean isToken68Character(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
