package io.github.wechatlogin.samples.gateway.downstream;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every request that reaches the downstream service, before its security: it shows that
 * a request the gateway refused never got here.
 *
 * @author wechat-login developers
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class RequestCounter extends OncePerRequestFilter {

	private final AtomicLong count = new AtomicLong();

	/**
	 * The number of requests received so far.
	 * @return the count
	 */
	public long count() {
		return this.count.get();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.count.incrementAndGet();
		chain.doFilter(request, response);
	}

}
