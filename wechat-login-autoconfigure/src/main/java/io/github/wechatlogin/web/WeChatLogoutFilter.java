package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.token.WeChatTokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Logs out: {@code POST {logoutPath}} with the bearer token of a WeChat login revokes that
 * access token and its login session (its refresh tokens and every access token issued in it)
 * and answers {@code 204}. A request with an invalid or revoked token gets the
 * {@link WeChatBearerTokenAuthenticationEntryPoint} answer ({@code 401}); one without a bearer
 * token is left to the rest of the chain (an application's own session logout, or the
 * authorization rules). When the token store is down the answer is {@code 503}. With a
 * {@link WeChatSessionKeyStore}, the user's {@code session_key} is forgotten too.
 *
 * @author wechat-login developers
 */
public final class WeChatLogoutFilter extends WeChatEndpointFilter {

	/**
	 * The default logout path.
	 */
	public static final String DEFAULT_LOGOUT_PATH = "/logout";

	private final WeChatTokenLogout logout;

	private BearerTokenResolver bearerTokenResolver = new AuthorizationHeaderBearerTokenResolver();

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher of logout requests (such as {@code POST /logout})
	 * @param jwtDecoder the decoder of access tokens
	 * @param tokenService the token service that revokes them
	 */
	public WeChatLogoutFilter(RequestMatcher requestMatcher, JwtDecoder jwtDecoder, WeChatTokenService tokenService) {
		super(requestMatcher);
		this.logout = new WeChatTokenLogout(jwtDecoder, tokenService);
	}

	/**
	 * Set the resolver of the access token to revoke. Defaults to an
	 * {@link AuthorizationHeaderBearerTokenResolver}.
	 * @param bearerTokenResolver the resolver
	 */
	public void setBearerTokenResolver(BearerTokenResolver bearerTokenResolver) {
		Assert.notNull(bearerTokenResolver, "bearerTokenResolver cannot be null");
		this.bearerTokenResolver = bearerTokenResolver;
	}

	/**
	 * Set the store of the users' {@code session_key}s, so that logout forgets the user's (kept
	 * under the app id that the access token names, so that logout needs no registration lookup
	 * and also forgets the key of a registration deleted since). Defaults to none.
	 * @param sessionKeyStore the store, or {@code null}
	 */
	public void setSessionKeyStore(@Nullable WeChatSessionKeyStore sessionKeyStore) {
		this.logout.setSessionKeyStore(sessionKeyStore);
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token;
		try {
			token = this.bearerTokenResolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			ServletAnswers.write(response, WeChatEndpointAnswers.bearerTokenRefused(ex));
			return;
		}
		if (token == null) {
			// not a token logout: leave it to the chain (an application's own session logout,
			// or the authorization rules, which answer 401 in a stateless chain)
			chain.doFilter(request, response);
			return;
		}
		ServletAnswers.write(response, this.logout.logout(token));
	}

}
