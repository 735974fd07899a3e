package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.util.Assert;

/**
 * Processes WeChat logins: a {@code POST} to an endpoint of a {@link WeChatLoginRequestMatcher}
 * is read by a {@link WeChatCodeAuthenticationConverter} and authenticated by the
 * {@link AuthenticationManager}. Any other method on a login endpoint is answered with
 * {@code 405} and {@code Allow: POST}.
 * <p>
 * Success and failure are answered as JSON ({@link WeChatLoginSuccessHandler},
 * {@link WeChatLoginFailureHandler}); the security context is kept for the request only unless a
 * {@code SecurityContextRepository} is set.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginAuthenticationFilter extends AbstractAuthenticationProcessingFilter {

	private final WeChatLoginRequestMatcher loginRequestMatcher;

	private AuthenticationConverter authenticationConverter;

	/**
	 * Create a new instance.
	 * @param loginRequestMatcher the matcher of the login endpoints
	 * @param authenticationConverter the converter that reads login requests
	 * @param authenticationManager the authentication manager
	 */
	public WeChatLoginAuthenticationFilter(WeChatLoginRequestMatcher loginRequestMatcher,
			AuthenticationConverter authenticationConverter, AuthenticationManager authenticationManager) {
		super(loginRequestMatcher, authenticationManager);
		Assert.notNull(authenticationConverter, "authenticationConverter cannot be null");
		this.loginRequestMatcher = loginRequestMatcher;
		this.authenticationConverter = authenticationConverter;
		setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
		setAuthenticationFailureHandler(new WeChatLoginFailureHandler());
		setAllowSessionCreation(false);
	}

	@Override
	public void setAuthenticationConverter(AuthenticationConverter authenticationConverter) {
		Assert.notNull(authenticationConverter, "authenticationConverter cannot be null");
		this.authenticationConverter = authenticationConverter;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest httpRequest = (HttpServletRequest) request;
		if (!HttpMethod.POST.matches(httpRequest.getMethod()) && this.loginRequestMatcher.matches(httpRequest)) {
			HttpServletResponse httpResponse = (HttpServletResponse) response;
			httpResponse.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
			WeChatProblemDetails.write(httpResponse, HttpStatus.METHOD_NOT_ALLOWED,
					new WeChatError(WeChatErrorCodes.INVALID_REQUEST, "Log in with POST"), null);
			return;
		}
		super.doFilter(request, response, chain);
	}

	@Override
	public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException {
		Authentication login = this.authenticationConverter.convert(request);
		if (login == null) {
			throw new WeChatAuthenticationException(
					new WeChatError(WeChatErrorCodes.INVALID_REQUEST, "Not a WeChat login request"));
		}
		if (login instanceof WeChatCodeAuthenticationToken token && token.getDetails() == null) {
			token.setDetails(this.authenticationDetailsSource.buildDetails(request));
		}
		return getAuthenticationManager().authenticate(login);
	}

}
