package io.github.wechatlogin.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

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

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		return WeChatBearerTokens.resolve(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

}
