package io.github.wechatlogin.web.server;

import io.github.wechatlogin.web.WeChatEndpointAnswers;
import reactor.core.publisher.Mono;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers a request without a valid bearer token on WebFlux exactly as the servlet
 * {@link WeChatBearerTokenAuthenticationEntryPoint} does: {@code 401} with
 * {@code WWW-Authenticate: Bearer} (and {@code error="invalid_token"} for a refused token) and an
 * {@code application/problem+json} body, or {@code 503} when the token cannot be checked.
 *
 * @author wechat-login developers
 */
public final class WeChatBearerTokenServerAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		return ServerAnswers.write(exchange, WeChatEndpointAnswers.bearerTokenRefused(ex));
	}

}
