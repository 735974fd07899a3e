package io.github.wechatlogin.web;

import io.github.wechatlogin.authentication.WeChatRegistrationLookups;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.authentication.WeChatPhoneNumberBoundEvent;
import io.github.wechatlogin.authentication.WeChatPhoneNumberHandler;
import io.github.wechatlogin.authentication.WeChatPhoneNumberResolver;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.client.WeChatPhoneNumber;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.token.WeChatBearerTokenAuthentication;
import io.github.wechatlogin.token.WeChatTokenResponse;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * The phone number endpoint: {@code POST {loginPath}/phone-number} with the bearer token of a
 * WeChat login and {@code {"code": "..."}} (JSON or a form; the code of
 * {@code wx.getPhoneNumber}) asks WeChat for the caller's phone number, with the caller's openid
 * so that WeChat refuses a code issued to someone else, hands it to the application's
 * {@link WeChatPhoneNumberHandler}, publishes a {@link WeChatPhoneNumberBoundEvent} and answers
 * {@code 200 {"phone_number", "pure_phone_number", "country_code"}}, plus a fresh token pair of
 * the same login session ({@code access_token}, {@code token_type}, {@code expires_in},
 * {@code refresh_token}) when the handler changed the user.
 * <p>
 * Runs after the bearer token was validated: a request without a WeChat bearer token gets the
 * {@link WeChatBearerTokenAuthenticationEntryPoint} answer ({@code 401}, {@code WWW-Authenticate:
 * Bearer}). Errors are {@code application/problem+json}: a malformed request {@code 400
 * invalid_request}, a refused, reused or foreign code {@code 401 invalid_code}, WeChat's rate
 * limit {@code 429}, WeChat unavailable {@code 503}, a refused configuration {@code 500}, a phone
 * number the handler refused {@code 403 access_denied}, a handler or token store that failed
 * {@code 503}; another method {@code 405}. The phone number is never logged.
 *
 * @author wechat-login developers
 */
public final class WeChatPhoneNumberFilter extends WeChatEndpointFilter {

	/**
	 * The path of the phone number endpoint below the login path, unless configured otherwise.
	 */
	public static final String PHONE_NUMBER_PATH = "/phone-number";

	private static final String CODE = "code";

	private static final int MAX_BODY_SIZE = 4 * 1024;

	private final WeChatRegistrationRepository registrations;

	private final WeChatPhoneNumberResolver resolver;

	private final WeChatTokenService tokenService;

	private WeChatPhoneNumberHandler handler = (user, phoneNumber) -> user;

	private @Nullable ApplicationEventPublisher eventPublisher;

	private AuthenticationEntryPoint authenticationEntryPoint = new WeChatBearerTokenAuthenticationEntryPoint();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher of the endpoint, whatever the HTTP method (another method
	 * than {@code POST} is answered {@code 405})
	 * @param registrations the registrations
	 * @param resolver the resolver of phone number codes
	 * @param tokenService the token service that reissues tokens for a changed user
	 */
	public WeChatPhoneNumberFilter(RequestMatcher requestMatcher, WeChatRegistrationRepository registrations,
			WeChatPhoneNumberResolver resolver, WeChatTokenService tokenService) {
		super(requestMatcher);
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(resolver, "resolver cannot be null");
		Assert.notNull(tokenService, "tokenService cannot be null");
		this.registrations = registrations;
		this.resolver = resolver;
		this.tokenService = tokenService;
	}

	/**
	 * Set the application's handler of bound phone numbers. Defaults to one that leaves the user
	 * as it is.
	 * @param handler the handler
	 */
	public void setPhoneNumberHandler(WeChatPhoneNumberHandler handler) {
		Assert.notNull(handler, "handler cannot be null");
		this.handler = handler;
	}

	/**
	 * Set the publisher of {@link WeChatPhoneNumberBoundEvent}s. Defaults to none.
	 * @param eventPublisher the publisher
	 */
	public void setApplicationEventPublisher(@Nullable ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Set the entry point that answers a request without a WeChat bearer token. Defaults to a
	 * {@link WeChatBearerTokenAuthenticationEntryPoint}.
	 * @param authenticationEntryPoint the entry point
	 */
	public void setAuthenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		Assert.notNull(authenticationEntryPoint, "authenticationEntryPoint cannot be null");
		this.authenticationEntryPoint = authenticationEntryPoint;
	}

	/**
	 * Set the strategy that holds the security context. Defaults to the
	 * {@link SecurityContextHolder}'s.
	 * @param securityContextHolderStrategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (WeChatProblemDetails.rejectUnlessPost(request, response, "Bind a phone number")) {
			return;
		}
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (!(authentication instanceof WeChatBearerTokenAuthentication bearer)) {
			this.authenticationEntryPoint.commence(request, response,
					new InsufficientAuthenticationException("A bearer token of a WeChat login is required"));
			return;
		}
		try {
			bind(request, response, bearer);
		}
		catch (WeChatAuthenticationException ex) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("Refused a phone number request of " + bearer.getName() + ": " + ex.getMessage());
			}
			WeChatProblemDetails.write(response, ex.getError());
		}
		catch (WeChatAuthenticationServiceException ex) {
			this.logger.warn("Could not get a phone number: " + ex.getMessage());
			WeChatProblemDetails.write(response, ex.getError());
		}
		catch (AuthenticationServiceException | WeChatTokenStoreException ex) {
			this.logger.warn("Could not bind a phone number (" + ex.getClass().getSimpleName() + ")");
			WeChatProblemDetails.write(response, WeChatError.unavailable("Binding the phone number"));
		}
		catch (AuthenticationException ex) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("The application refused the phone number of " + bearer.getName() + " ("
						+ ex.getClass().getSimpleName() + ")");
			}
			WeChatProblemDetails.write(response, HttpStatus.FORBIDDEN,
					new WeChatError(WeChatErrorCodes.ACCESS_DENIED, "This phone number cannot be bound"));
		}
	}

	private void bind(HttpServletRequest request, HttpServletResponse response, WeChatBearerTokenAuthentication bearer)
			throws IOException {
		Map<String, @Nullable String> fields = ServletRequestBodies.read(request, MAX_BODY_SIZE, CODE);
		String code = fields.get(CODE);
		if (code == null || code.isBlank()) {
			throw WeChatRequestBodies.invalidRequest("The code is required");
		}
		if (code.length() > WeChatCodeAuthenticationConverter.MAX_CODE_LENGTH
				|| !RedirectPathPolicy.isVisibleAscii(code)) {
			throw WeChatRequestBodies.invalidRequest("The code is malformed");
		}
		WeChatUser user = bearer.getPrincipal();
		WeChatRegistration registration = WeChatRegistrationLookups.find(this.registrations,
				user.getRegistrationId(), "The phone number");
		if (registration == null || !registration.isEnabled() || !registration.getAppId().equals(user.getAppId())) {
			throw WeChatRequestBodies.invalidRequest("Unknown WeChat registration");
		}
		WeChatPhoneNumberResolver.assertSupported(registration);
		String openid = user.getOpenid();
		if (openid == null) {
			throw WeChatRequestBodies.invalidRequest("This login has no openid to check the code against");
		}
		WeChatPhoneNumber phoneNumber = this.resolver.resolve(registration, openid, code);
		WeChatUser bound;
		try {
			bound = this.handler.bind(user, phoneNumber);
		}
		catch (AuthenticationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// the application's store failed: not the client's fault (the code is spent, though)
			throw new AuthenticationServiceException(
					"WeChatPhoneNumberHandler failed (" + ex.getClass().getSimpleName() + ")");
		}
		Assert.state(bound != null && bound.getName().equals(user.getName())
				&& bound.getRegistrationId().equals(user.getRegistrationId()),
				"WeChatPhoneNumberHandler must return the same user (registration and name)");
		WeChatTokenResponse tokens = bound.equals(user) ? null : this.tokenService.reissue(bearer.getToken(), bound);
		if (this.eventPublisher != null) {
			this.eventPublisher.publishEvent(new WeChatPhoneNumberBoundEvent(bound, phoneNumber));
		}
		write(response, phoneNumber, tokens);
	}

	private static void write(HttpServletResponse response, WeChatPhoneNumber phoneNumber,
			@Nullable WeChatTokenResponse tokens) throws IOException {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("phone_number", phoneNumber.phoneNumber());
		body.put("pure_phone_number", phoneNumber.purePhoneNumber());
		body.put("country_code", phoneNumber.countryCode());
		if (tokens != null) {
			WeChatTokenResponses.putTokens(body, tokens);
		}
		WeChatTokenResponses.write(response, body);
	}

}
