package io.github.wechatlogin.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The base of the filters that answer one endpoint (refresh, logout, the JWK Set): a request
 * the matcher does not match goes on down the chain untouched; a matching one is handled. Only
 * this package extends it.
 *
 * @author wechat-login developers
 */
public abstract class WeChatEndpointFilter extends OncePerRequestFilter {

	private final RequestMatcher requestMatcher;

	WeChatEndpointFilter(RequestMatcher requestMatcher) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		this.requestMatcher = requestMatcher;
	}

	@Override
	protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		if (this.requestMatcher.matches(request)) {
			handle(request, response, chain);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	/**
	 * Handle a request of the endpoint.
	 * @param request the request
	 * @param response the response
	 * @param chain the rest of the chain, for a request the endpoint leaves to others
	 * @throws ServletException if the chain fails
	 * @throws IOException if the response cannot be written
	 */
	abstract void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException;

}
