package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.authentication.WeChatCodeReplayException;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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

	/**
	 * The name of the observation around each login, and of the timer made from it.
	 */
	public static final String OBSERVATION_NAME = "wechat.login";

	private static final String OBSERVATION_ATTRIBUTE = WeChatLoginAuthenticationFilter.class.getName()
			+ ".OBSERVATION";

	private AuthenticationConverter authenticationConverter;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private boolean observeRegistrationIds = true;

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

	/**
	 * Set the registry of the observation around each login ({@value #OBSERVATION_NAME}, with
	 * the low-cardinality keys {@code registration} and {@code outcome}: {@code success}, an
	 * error code, or {@code code_replay}). Defaults to none.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set whether the observation's {@code registration} key holds the registration id, or
	 * {@value #ALL_REGISTRATIONS} for every registration: turn it off when registrations come from
	 * a database, so that the metrics of thousands of tenants do not grow without bound. Defaults
	 * to {@code true}.
	 * @param observeRegistrationIds whether to tag observations with the registration id
	 */
	public void setObserveRegistrationIds(boolean observeRegistrationIds) {
		this.observeRegistrationIds = observeRegistrationIds;
	}

	/**
	 * The value of the observation's {@code registration} key when registration ids are not
	 * observed.
	 */
	public static final String ALL_REGISTRATIONS = "all";

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest httpRequest = (HttpServletRequest) request;
		String registrationId = this.loginRequestMatcher.resolveRegistrationId(httpRequest);
		if (registrationId == null) {
			chain.doFilter(request, response);
			return;
		}
		// before any lookup: a crawler's GET never reaches the registrations' database
		if (WeChatProblemDetails.rejectUnlessPost(httpRequest, (HttpServletResponse) response, "Log in")) {
			return;
		}
		if (this.loginRequestMatcher.isDynamic() && !isRegistered(registrationId, (HttpServletResponse) response)) {
			return;
		}
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry)
			.contextualName("wechat login")
			.lowCardinalityKeyValue("registration", this.observeRegistrationIds ? registrationId : ALL_REGISTRATIONS)
			.lowCardinalityKeyValue("outcome", "unknown")
			.start();
		request.setAttribute(OBSERVATION_ATTRIBUTE, observation);
		try (Observation.Scope scope = observation.openScope()) {
			super.doFilter(request, response, chain);
		}
		finally {
			request.removeAttribute(OBSERVATION_ATTRIBUTE);
			observation.stop();
		}
	}

	/**
	 * Look the registration of a dynamic matcher up; answer and return {@code false} if it is
	 * unknown or disabled (404 {@code unknown_registration}, observed with the registration
	 * {@value #ALL_REGISTRATIONS}: unknown ids are unbounded) or its store failed (503).
	 */
	private boolean isRegistered(String registrationId, HttpServletResponse response) throws IOException {
		WeChatRegistration registration;
		try {
			registration = this.loginRequestMatcher.findEnabled(registrationId);
		}
		catch (RuntimeException ex) {
			// the registrations' store (a database) failed; never its message, which may name it
			logger.warn("WeChat registrations cannot be read (" + ex.getClass().getName() + ")");
			WeChatProblemDetails.write(response, WeChatError.unavailable("Login"));
			return false;
		}
		if (registration == null) {
			Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry)
				.contextualName("wechat login")
				.lowCardinalityKeyValue("registration", ALL_REGISTRATIONS)
				.lowCardinalityKeyValue("outcome", WeChatErrorCodes.UNKNOWN_REGISTRATION)
				.start()
				.stop();
			WeChatProblemDetails.write(response,
					new WeChatError(WeChatErrorCodes.UNKNOWN_REGISTRATION, "Unknown WeChat registration"));
			return false;
		}
		return true;
	}

	@Override
	protected void successfulAuthentication(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			Authentication authResult) throws IOException, ServletException {
		outcome(request, "success");
		super.successfulAuthentication(request, response, chain, authResult);
	}

	@Override
	protected void unsuccessfulAuthentication(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failed) throws IOException, ServletException {
		outcome(request, (failed instanceof WeChatCodeReplayException) ? "code_replay"
				: WeChatEndpointAnswers.loginError(failed).getErrorCode());
		super.unsuccessfulAuthentication(request, response, failed);
	}

	private static void outcome(HttpServletRequest request, String outcome) {
		if (request.getAttribute(OBSERVATION_ATTRIBUTE) instanceof Observation observation) {
			observation.lowCardinalityKeyValue("outcome", outcome);
		}
	}

	@Override
	public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException {
		Authentication login;
		try {
			login = this.authenticationConverter.convert(request);
			if (login == null) {
				throw new WeChatAuthenticationException(
						new WeChatError(WeChatErrorCodes.INVALID_REQUEST, "Not a WeChat login request"));
			}
		}
		catch (AuthenticationException ex) {
			if (this.eventPublisher != null) {
				String registrationId = this.loginRequestMatcher.resolveRegistrationId(request);
				this.eventPublisher.publishEvent(new WeChatLoginRequestRejectedEvent(
						(registrationId != null) ? registrationId : "unknown", ex));
			}
			throw ex;
		}
		if (login instanceof WeChatCodeAuthenticationToken token && token.getDetails() == null) {
			token.setDetails(this.authenticationDetailsSource.buildDetails(request));
		}
		return getAuthenticationManager().authenticate(login);
	}

}
