package io.github.wechatlogin.authentication;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * The steps of a code login that {@link WeChatAuthenticationProvider} and
 * {@link WeChatReactiveAuthenticationManager} share, whatever runs them: the checks of the
 * request, the failures of the used-code guard, and the authentication answered. The claim's
 * release after a failed exchange is {@link WeChatApiFailures}'.
 *
 * @author wechat-login developers
 */
final class WeChatCodeLogins {

	private static final Log logger = LogFactory.getLog(WeChatCodeLogins.class);

	private WeChatCodeLogins() {
	}

	/**
	 * Return the registration, refusing an unknown or disabled one.
	 */
	static WeChatRegistration requireRegistration(@Nullable WeChatRegistration registration,
			WeChatCodeAuthenticationToken request) {
		if (registration == null || !registration.isEnabled()) {
			throw new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.UNKNOWN_REGISTRATION,
					"Unknown WeChat registration '" + request.getRegistrationId() + "'"));
		}
		return registration;
	}

	/**
	 * Return the code, refusing a token whose credentials were erased.
	 */
	static String requireCode(WeChatCodeAuthenticationToken request) {
		String code = request.getCode();
		if (code == null) {
			throw new WeChatAuthenticationException(
					new WeChatError(WeChatErrorCodes.INVALID_REQUEST, "The login code was already used"));
		}
		return code;
	}

	/**
	 * The refusal of a login that carries a phone number code where none is resolved.
	 */
	static WeChatAuthenticationException phoneCodesNotAccepted() {
		return new WeChatAuthenticationException(
				new WeChatError(WeChatErrorCodes.INVALID_REQUEST, "Phone number codes are not accepted here"));
	}

	/**
	 * The failure of a guard whose store cannot be reached: a 503, its cause only logged.
	 */
	static WeChatAuthenticationServiceException guardUnavailable(Throwable ex) {
		logger.warn("The used-code guard is unavailable: " + ex.getClass().getSimpleName());
		return new WeChatAuthenticationServiceException(WeChatError.unavailable("Login"),
				"The used-code guard is unavailable");
	}

	/**
	 * The failure of the application's user service that is no {@link AuthenticationException}
	 * (its database down, a bug): a 503 {@code upstream_unavailable} problem whose message says
	 * nothing of the cause, which is logged at ERROR with its stack trace. The code is spent by
	 * then: the client logs in again with a new one. An {@link AuthenticationException} (a
	 * blocked user) is the application's answer and passes as it is.
	 */
	static AuthenticationException userServiceFailed(RuntimeException ex) {
		if (ex instanceof AuthenticationException authenticationException) {
			return authenticationException;
		}
		logger.error("The WeChatUserService failed (" + ex.getClass().getName() + ")", ex);
		return new WeChatAuthenticationServiceException(WeChatError.unavailable("Login"),
				"The user service failed (" + ex.getClass().getSimpleName() + ")");
	}

	/**
	 * Check the outcome of a claim: a code claimed before is a replay.
	 */
	static void requireClaimed(boolean claimed) {
		if (!claimed) {
			throw new WeChatCodeReplayException();
		}
	}

	static void releaseFailed(Throwable ex) {
		logger.debug("Could not release a login code claim: " + ex.getClass().getSimpleName());
	}

	/**
	 * The authentication of a login the user service answered.
	 */
	static WeChatAuthentication authenticated(WeChatCodeAuthenticationToken request, WeChatRegistration registration,
			@Nullable WeChatUser user) {
		Assert.state(user != null, "WeChatUserService returned null");
		WeChatAuthentication result = new WeChatAuthentication(user);
		result.setDetails(request.getDetails());
		if (logger.isDebugEnabled()) {
			logger.debug("Authenticated WeChat user " + user.getName() + " of registration '"
					+ registration.getRegistrationId() + "'");
		}
		return result;
	}

}
