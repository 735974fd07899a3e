package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.token.WeChatJwkSet;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Publishes the public keys that verify access tokens, without authentication:
 * {@code GET /.well-known/jwks.json} answers the JWK Set ({@code application/jwk-set+json}),
 * so that other services validate the tokens through
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}.
 *
 * @author wechat-login developers
 */
public final class WeChatJwkSetEndpointFilter extends WeChatEndpointFilter {

	/**
	 * The default path of the JWK Set endpoint.
	 */
	public static final String DEFAULT_JWK_SET_PATH = "/.well-known/jwks.json";

	private final WeChatAnswer jwkSet;

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher of the endpoint's requests (such as
	 * {@code GET /.well-known/jwks.json})
	 * @param jwkSet the public keys
	 */
	public WeChatJwkSetEndpointFilter(RequestMatcher requestMatcher, WeChatJwkSet jwkSet) {
		super(requestMatcher);
		this.jwkSet = WeChatEndpointAnswers.jwkSet(jwkSet);
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ServletAnswers.write(response, this.jwkSet);
	}

}
