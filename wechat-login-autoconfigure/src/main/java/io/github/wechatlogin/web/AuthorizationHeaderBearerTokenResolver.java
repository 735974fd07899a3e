package io.github.wechatlogin.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.util.StringUtils;

/**
 * A {@link BearerTokenResolver} that reads the token from the {@code Authorization} header only,
 * with the same answers as a {@link DefaultBearerTokenResolver} left at its defaults (no query
 * or form parameter) but without a regular expression: a header that starts with
 * {@code bearer} in any case must be {@code Bearer} (in any case), one space and an RFC 6750
 * {@code b64token} ({@code [A-Za-z0-9-._~+/]+=*}), or the request fails with
 * {@code invalid_token}; any other header, or none, resolves to {@code null}.
 * <p>
 * The auto-configuration registers it as the application's {@link BearerTokenResolver} bean
 * unless there is one already, and the resource server picks that bean up: it runs on every
 * request, and the pattern match of the default resolver is one of the larger costs of a bearer
 * request.
 *
 * @author wechat-login developers
 */
public final class AuthorizationHeaderBearerTokenResolver implements BearerTokenResolver {

	private static final String BEARER_PREFIX = "Bearer ";

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		return resolve(request.getHeader(HttpHeaders.AUTHORIZATION));
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
