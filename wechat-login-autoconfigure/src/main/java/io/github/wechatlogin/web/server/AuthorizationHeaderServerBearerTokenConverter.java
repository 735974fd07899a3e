package io.github.wechatlogin.web.server;

import io.github.wechatlogin.web.AuthorizationHeaderBearerTokenResolver;
import io.github.wechatlogin.web.WeChatBearerTokens;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the bearer token of a WebFlux request from the {@code Authorization} header only, with
 * the rules of the servlet {@link AuthorizationHeaderBearerTokenResolver}: a malformed bearer
 * header fails with {@code invalid_token}, any other header, or none, is no token.
 *
 * @author wechat-login developers
 */
public final class AuthorizationHeaderServerBearerTokenConverter implements ServerAuthenticationConverter {

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		return Mono.fromSupplier(() -> resolve(exchange)).map(BearerTokenAuthenticationToken::new);
	}

	/**
	 * Return the bearer token of a request.
	 * @param exchange the exchange
	 * @return the token, or {@code null} if there is none
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * {@code invalid_token} if the bearer header is malformed
	 */
	static @Nullable String resolve(ServerWebExchange exchange) {
		return WeChatBearerTokens
			.resolve(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
	}

}
