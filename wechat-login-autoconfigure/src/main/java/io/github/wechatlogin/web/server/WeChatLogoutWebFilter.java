package io.github.wechatlogin.web.server;

import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.WeChatAnswer;
import io.github.wechatlogin.web.WeChatBearerTokenAuthenticationEntryPoint;
import io.github.wechatlogin.web.WeChatLogoutFilter;
import io.github.wechatlogin.web.WeChatTokenLogout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Logs out on WebFlux, as the servlet {@link WeChatLogoutFilter} does ({@link WeChatTokenLogout}):
 * {@code POST {logoutPath}} with the bearer token of a WeChat login revokes that access token and
 * its login session and answers {@code 204}; an invalid or revoked token gets {@code 401}, a
 * token store that is down {@code 503}; a request without a bearer token goes on down the chain.
 *
 * @author wechat-login developers
 */
public final class WeChatLogoutWebFilter implements WebFilter {

	private final ServerWebExchangeMatcher requestMatcher;

	private final WeChatTokenLogout logout;

	private Scheduler scheduler = Schedulers.immediate();

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher of logout requests (such as {@code POST /logout})
	 * @param jwtDecoder the decoder of access tokens
	 * @param tokenService the token service that revokes them
	 */
	public WeChatLogoutWebFilter(ServerWebExchangeMatcher requestMatcher, JwtDecoder jwtDecoder,
			WeChatTokenService tokenService) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		this.requestMatcher = requestMatcher;
		this.logout = new WeChatTokenLogout(jwtDecoder, tokenService);
	}

	/**
	 * Set where the token is decoded and revoked. Defaults to {@link Schedulers#immediate()},
	 * right for the in-memory stores (CPU only); stores that block (Redis) need
	 * {@link Schedulers#boundedElastic()}.
	 * @param scheduler the scheduler
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return this.requestMatcher.matches(exchange).flatMap((match) -> {
			if (!match.isMatch()) {
				return chain.filter(exchange);
			}
			String token;
			try {
				token = AuthorizationHeaderServerBearerTokenConverter.resolve(exchange);
			}
			catch (OAuth2AuthenticationException ex) {
				return ServerAnswers.write(exchange, WeChatBearerTokenAuthenticationEntryPoint.answer(ex));
			}
			if (token == null) {
				// not a token logout: left to the chain (the authorization rules answer 401)
				return chain.filter(exchange);
			}
			return Mono.fromSupplier(() -> this.logout.logout(token))
				.subscribeOn(this.scheduler)
				.flatMap((WeChatAnswer answer) -> ServerAnswers.write(exchange, answer));
		});
	}

}
