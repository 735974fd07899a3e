package io.github.wechatlogin.web;

import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.authentication.WeChatRegistrationLookups;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.jspecify.annotations.Nullable;

/**
 * The rules of a WeChat login request, whatever the web stack: which fields it may carry, which
 * registration it logs in with and what a field must look like. The servlet
 * {@link WeChatCodeAuthenticationConverter} and the WebFlux login filter
 * ({@code io.github.wechatlogin.web.server}) both apply them; nothing here refers to the servlet
 * API.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginRequests {

	/**
	 * The largest code accepted (login and phone number codes). WeChat's login codes are 32
	 * characters long.
	 */
	public static final int MAX_CODE_LENGTH = 128;

	private static final String CODE = "code";

	private static final String REDIRECT_PATH = "redirectPath";

	private static final String PHONE_CODE = "phoneCode";

	private WeChatLoginRequests() {
	}

	/**
	 * Look up the enabled registration a login request is for, whatever the web stack (a
	 * repository of a database blocks: the reactive side calls this off the event loop).
	 * @param registrations the registrations
	 * @param registrationId the registration id from the path
	 * @return the registration
	 * @throws WeChatAuthenticationException {@code invalid_request} if it is unknown or disabled
	 * @throws io.github.wechatlogin.authentication.WeChatAuthenticationServiceException
	 * {@code upstream_unavailable} if the repository fails
	 */
	public static WeChatRegistration findEnabled(WeChatRegistrationRepository registrations, String registrationId) {
		WeChatRegistration registration = WeChatRegistrationLookups.find(registrations, registrationId, "Login");
		if (registration == null || !registration.isEnabled()) {
			throw invalidRequest("Unknown WeChat registration");
		}
		return registration;
	}

	/**
	 * Return the names of the fields a login request may carry: {@code code},
	 * {@code redirectPath} and {@code phoneCode}.
	 * @return the names
	 */
	public static String[] fieldNames() {
		return new String[] { CODE, REDIRECT_PATH, PHONE_CODE };
	}

	/**
	 * Check the fields of a login request, whatever the web stack, and return the login to
	 * authenticate: a code that can be WeChat's (not blank, printable ASCII, at most
	 * {@value #MAX_CODE_LENGTH} characters), the same for a {@code phoneCode}, and a
	 * {@code redirectPath} that the registration allows (or the registration's own).
	 * @param registrationId the registration id from the path
	 * @param registration the enabled registration the request logs in with
	 * @param fields the fields, by name (see {@link #fieldNames()})
	 * @return the unauthenticated login, with its {@link WeChatLoginDetails}
	 * @throws WeChatAuthenticationException {@code invalid_request} if a field is not acceptable
	 */
	public static WeChatCodeAuthenticationToken toToken(String registrationId, WeChatRegistration registration,
			Map<String, @Nullable String> fields) {
		String code = fields.get(CODE);
		if (code == null || code.isBlank()) {
			throw invalidRequest("The code is required");
		}
		if (code.length() > MAX_CODE_LENGTH || !RedirectPathPolicy.isVisibleAscii(code)) {
			throw invalidRequest("The code is malformed");
		}
		String phoneCode = fields.get(PHONE_CODE);
		if (phoneCode != null && phoneCode.isEmpty()) {
			phoneCode = null;
		}
		if (phoneCode != null && (phoneCode.isBlank() || phoneCode.length() > MAX_CODE_LENGTH
				|| !RedirectPathPolicy.isVisibleAscii(phoneCode))) {
			throw invalidRequest("The phoneCode is malformed");
		}
		String redirectPath = resolveRedirectPath(fields.get(REDIRECT_PATH), registration);
		WeChatCodeAuthenticationToken token = new WeChatCodeAuthenticationToken(registrationId, code, phoneCode);
		token.setDetails(new WeChatLoginDetails(redirectPath));
		return token;
	}

	private static @Nullable String resolveRedirectPath(@Nullable String requested, WeChatRegistration registration) {
		if (requested == null || requested.isEmpty()) {
			return registration.getRedirectPath();
		}
		if (!RedirectPathPolicy.isAllowed(requested, registration.getAllowedRedirectPaths())) {
			throw invalidRequest("The redirectPath is not allowed");
		}
		return requested;
	}

	private static WeChatAuthenticationException invalidRequest(String description) {
		return WeChatRequestBodies.invalidRequest(description);
	}

}
