package io.github.wechatlogin.web.server;

import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.WeChatEndpointAnswers;
import io.github.wechatlogin.web.WeChatLogoutFilter;
import io.github.wechatlogin.web.WeChatTokenLogout;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Logs out on WebFlux, as the servlet {@link WeChatLogoutFilter} does ({@link WeChatTokenLogout}):
 * {@code POST {logoutPath}} with the bearer token of a WeChat login revokes that access token and
 * its login session and answers {@code 204}; an invalid or revoked token gets {@code 401}, a
 * token store that is down {@code 503}; a request without a bearer token goes on down the chain.
 *
 * @author wechat-login developers
 */
public final class WeChatLogoutWebFilter extends WeChatEndpointWebFilter {

	private final WeChatTokenLogout logout;

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher of logout requests (such as {@code POST /logout})
	 * @param jwtDecoder the decoder of access tokens
	 * @param tokenService the token service that revokes them
	 */
	public WeChatLogoutWebFilter(ServerWebExchangeMatcher requestMatcher, JwtDecoder jwtDecoder,
			WeChatTokenService tokenService) {
		super(requestMatcher, Schedulers.immediate());
		this.logout = new WeChatTokenLogout(jwtDecoder, tokenService);
	}

	/**
	 * Set the store of the users' {@code session_key}s, so that logout forgets the user's, as
	 * the servlet {@link WeChatLogoutFilter} does. It is called on this filter's scheduler, with
	 * the token service. Defaults to none.
	 * @param sessionKeyStore the store, or {@code null} for none
	 */
	public void setSessionKeyStore(@Nullable WeChatSessionKeyStore sessionKeyStore) {
		this.logout.setSessionKeyStore(sessionKeyStore);
	}

	@Override
	Mono<Void> handle(ServerWebExchange exchange, WebFilterChain chain) {
		String token;
		try {
			token = AuthorizationHeaderServerBearerTokenConverter.resolve(exchange);
		}
		catch (OAuth2AuthenticationException ex) {
			return ServerAnswers.write(exchange, WeChatEndpointAnswers.bearerTokenRefused(ex));
		}
		if (token == null) {
			// not a token logout: left to the chain (the authorization rules answer 401)
			return chain.filter(exchange);
		}
		return Mono.fromSupplier(() -> this.logout.logout(token))
			.subscribeOn(getScheduler())
			.flatMap((answer) -> ServerAnswers.write(exchange, answer));
	}

}
