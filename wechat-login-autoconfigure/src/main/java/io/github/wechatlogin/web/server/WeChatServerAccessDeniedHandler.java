package io.github.wechatlogin.web.server;

import io.github.wechatlogin.web.WeChatEndpointAnswers;
import reactor.core.publisher.Mono;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers a request whose user lacks an authority on WebFlux exactly as the servlet
 * {@link WeChatAccessDeniedHandler} does: {@code 403} and an {@code application/problem+json}
 * body whose {@code error} is {@code access_denied}.
 *
 * @author wechat-login developers
 */
public final class WeChatServerAccessDeniedHandler implements ServerAccessDeniedHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return ServerAnswers.write(exchange, WeChatEndpointAnswers.accessDenied());
	}

}
