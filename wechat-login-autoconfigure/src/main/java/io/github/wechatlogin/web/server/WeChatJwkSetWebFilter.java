package io.github.wechatlogin.web.server;

import io.github.wechatlogin.token.WeChatJwkSet;
import io.github.wechatlogin.web.WeChatAnswer;
import io.github.wechatlogin.web.WeChatEndpointAnswers;
import reactor.core.publisher.Mono;

import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Publishes the public keys that verify access tokens on WebFlux, as the servlet
 * {@link WeChatJwkSetEndpointFilter} does: {@code GET /.well-known/jwks.json} answers the JWK Set
 * ({@code application/jwk-set+json}) without authentication.
 *
 * @author wechat-login developers
 */
public final class WeChatJwkSetWebFilter implements WebFilter {

	private final ServerWebExchangeMatcher requestMatcher;

	private final WeChatAnswer jwkSet;

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher of the endpoint's requests (such as
	 * {@code GET /.well-known/jwks.json})
	 * @param jwkSet the public keys
	 */
	public WeChatJwkSetWebFilter(ServerWebExchangeMatcher requestMatcher, WeChatJwkSet jwkSet) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		this.requestMatcher = requestMatcher;
		this.jwkSet = WeChatEndpointAnswers.jwkSet(jwkSet);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return this.requestMatcher.matches(exchange)
			.flatMap((match) -> match.isMatch() ? ServerAnswers.write(exchange, this.jwkSet) : chain.filter(exchange));
	}

}
