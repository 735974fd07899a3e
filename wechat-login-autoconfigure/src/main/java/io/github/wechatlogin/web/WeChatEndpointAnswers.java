package io.github.wechatlogin.web;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.token.WeChatJwkSet;
import io.github.wechatlogin.token.WeChatTokenResponse;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * What the WeChat endpoints answer, whatever the web stack: the servlet handlers and filters
 * ({@link WeChatLoginSuccessHandler}, {@link WeChatLoginFailureHandler},
 * {@link WeChatBearerTokenAuthenticationEntryPoint}, {@link WeChatAccessDeniedHandler},
 * {@link WeChatJwkSetEndpointFilter}) and their WebFlux counterparts
 * ({@code io.github.wechatlogin.web.server}) only copy these answers onto their response.
 * <p>
 * Nothing here refers to the servlet API, which a WebFlux application does not have; the log
 * categories stay those of the servlet classes, so that logging configured for them keeps
 * applying on both stacks.
 *
 * @author wechat-login developers
 */
public final class WeChatEndpointAnswers {

	private static final Log loginSuccessLogger = LogFactory.getLog("io.github.wechatlogin.web.WeChatLoginSuccessHandler");

	private static final Log loginFailureLogger = LogFactory.getLog("io.github.wechatlogin.web.WeChatLoginFailureHandler");

	private static final String INVALID_TOKEN_DESCRIPTION = "The bearer token is invalid, expired or revoked";

	private WeChatEndpointAnswers() {
	}

	/**
	 * Issue the tokens of a successful login and return its answer, whatever the web stack: the
	 * tokens, or {@code 503 upstream_unavailable} when the token stores cannot record them.
	 * @param tokenService the service that issues the tokens
	 * @param authentication the successful login, a {@link WeChatAuthentication}
	 * @return the answer
	 */
	public static WeChatAnswer loginSuccess(WeChatTokenService tokenService, Authentication authentication) {
		WeChatAuthentication login = (WeChatAuthentication) authentication;
		WeChatTokenResponse tokens;
		try {
			tokens = tokenService.issue(login);
		}
		catch (WeChatTokenStoreException ex) {
			loginSuccessLogger.warn("Could not issue tokens: " + ex.getMessage());
			return WeChatAnswer.problem(WeChatError.unavailable("Login"));
		}
		return WeChatAnswer.tokens(tokens,
				(login.getDetails() instanceof WeChatLoginDetails details) ? details.redirectPath() : null);
	}

	/**
	 * Return the answer to a failed login, whatever the web stack (and log a failure of the
	 * server side, without its cause's details).
	 * @param exception why the login failed
	 * @return the answer
	 */
	public static WeChatAnswer loginFailure(AuthenticationException exception) {
		WeChatError error = loginError(exception);
		if (exception instanceof AuthenticationServiceException
				&& !(exception instanceof WeChatAuthenticationServiceException)) {
			loginFailureLogger.warn("WeChat login failed on the server side: " + exception.getMessage());
		}
		return WeChatAnswer.problem(error);
	}

	/**
	 * Return the error and the {@code Retry-After} a failure is answered with.
	 * @param exception why the login failed
	 * @return the error
	 */
	public static WeChatError loginError(AuthenticationException exception) {
		if (exception instanceof WeChatAuthenticationException ex) {
			return ex.getError();
		}
		if (exception instanceof WeChatAuthenticationServiceException ex) {
			return ex.getError();
		}
		if (exception instanceof AccountStatusException) {
			return new WeChatError(WeChatErrorCodes.USER_BLOCKED, "The user is not allowed to log in");
		}
		if (exception instanceof AuthenticationServiceException) {
			return WeChatError.unavailable("Login");
		}
		return new WeChatError(WeChatErrorCodes.INVALID_CODE, "The login was refused; obtain a new code");
	}

	/**
	 * Return the answer to a request whose bearer token is missing, refused or cannot be checked,
	 * whatever the web stack.
	 * @param authException why the request is not authenticated
	 * @return the answer
	 */
	public static WeChatAnswer bearerTokenRefused(AuthenticationException authException) {
		if (authException instanceof AuthenticationServiceException || (authException instanceof OAuth2AuthenticationException ex
				&& OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(ex.getError().getErrorCode()))) {
			return WeChatAnswer.problem(WeChatError.unavailable("Checking the token"));
		}
		if (authException instanceof OAuth2AuthenticationException) {
			return WeChatAnswer
				.problem(HttpStatus.UNAUTHORIZED, new WeChatError(WeChatErrorCodes.INVALID_TOKEN, INVALID_TOKEN_DESCRIPTION))
				.withHeader(HttpHeaders.WWW_AUTHENTICATE,
						"Bearer error=\"invalid_token\", error_description=\"" + INVALID_TOKEN_DESCRIPTION + "\"");
		}
		return WeChatAnswer
			.problem(HttpStatus.UNAUTHORIZED, new WeChatError(WeChatErrorCodes.UNAUTHORIZED, "A bearer token is required"))
			.withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	/**
	 * Return the answer to a request whose user lacks an authority, whatever the web stack.
	 * @return the answer
	 */
	public static WeChatAnswer accessDenied() {
		return WeChatAnswer.problem(HttpStatus.FORBIDDEN,
				new WeChatError(WeChatErrorCodes.ACCESS_DENIED, "The user is not allowed to do this"));
	}

	/**
	 * Return the answer of the JWK Set endpoint, whatever the web stack: {@code 200}
	 * {@code application/jwk-set+json}, cached for five minutes.
	 * @param jwkSet the public keys
	 * @return the answer
	 */
	public static WeChatAnswer jwkSet(WeChatJwkSet jwkSet) {
		Assert.notNull(jwkSet, "jwkSet cannot be null");
		return WeChatAnswer.ok("application/jwk-set+json", "public, max-age=300",
				JsonMapper.shared().writeValueAsBytes(jwkSet.toJsonObject()));
	}

}
