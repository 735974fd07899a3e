package io.github.wechatlogin.web.server;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.WeChatAnswer;
import io.github.wechatlogin.web.WeChatTokenRefreshFilter;
import io.github.wechatlogin.web.WeChatTokenRefresher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Exchanges a refresh token for new tokens on WebFlux, as the servlet
 * {@link WeChatTokenRefreshFilter} does ({@link WeChatTokenRefresher}): {@code POST} with
 * {@code {"refresh_token": "..."}} (JSON or a form) is answered like a login; another method
 * {@code 405}.
 *
 * @author wechat-login developers
 */
public final class WeChatTokenRefreshWebFilter extends WeChatEndpointWebFilter {

	private final WeChatTokenRefresher refresher;

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher of the refresh endpoint, whatever the HTTP method
	 * @param tokenService the token service
	 * @param userReloader what the application says of a session's user at refresh
	 */
	public WeChatTokenRefreshWebFilter(ServerWebExchangeMatcher requestMatcher, WeChatTokenService tokenService,
			WeChatUserReloader userReloader) {
		// the application's user service is asked again about the user, and may block
		super(requestMatcher, Schedulers.boundedElastic());
		this.refresher = new WeChatTokenRefresher(tokenService, userReloader);
	}

	@Override
	Mono<Void> handle(ServerWebExchange exchange, WebFilterChain chain) {
		if (!WeChatAnswer.isPost(exchange.getRequest().getMethod().name())) {
			return ServerAnswers.write(exchange, WeChatAnswer.methodNotAllowed("Refresh"));
		}
		return ServerRequestBodies
			.read(exchange.getRequest(), WeChatTokenRefresher.MAX_BODY_SIZE, WeChatTokenRefresher.REFRESH_TOKEN)
			.publishOn(getScheduler())
			.map(this.refresher::refresh)
			.onErrorResume(WeChatAuthenticationException.class, (ex) -> Mono.just(WeChatAnswer.problem(ex.getError())))
			.flatMap((answer) -> ServerAnswers.write(exchange, answer));
	}

}
