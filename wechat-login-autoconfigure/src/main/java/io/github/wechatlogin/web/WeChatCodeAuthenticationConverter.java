package io.github.wechatlogin.web;

import io.github.wechatlogin.authentication.WeChatRegistrationLookups;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.Assert;

/**
 * Reads a WeChat login request: a JSON body {@code {"code": "...", "redirectPath": "..."}} or a
 * form with the fields {@code code} and {@code redirectPath}, posted to an endpoint of a
 * {@link WeChatLoginRequestMatcher}; optionally {@code phoneCode}, the code of
 * {@code wx.getPhoneNumber}, to sign the user up with the phone number in the same request.
 * <p>
 * Anything that cannot be a valid login is refused here with {@code invalid_request}, before
 * WeChat is called: a missing, blank, non-string, oversized or non-printable code; duplicate
 * members or fields; JSON that is malformed, not an object, too deep, or not UTF-8; a body over
 * the size limit; another content type; a code in the query string; a redirect path that the
 * registration does not allow.
 *
 * @author wechat-login developers
 */
public final class WeChatCodeAuthenticationConverter implements AuthenticationConverter {

	/**
	 * The largest code accepted (login and phone number codes). WeChat's login codes are 32
	 * characters long.
	 */
	public static final int MAX_CODE_LENGTH = 128;

	private static final String CODE = "code";

	private static final String REDIRECT_PATH = "redirectPath";

	private static final String PHONE_CODE = "phoneCode";

	private final WeChatLoginRequestMatcher requestMatcher;

	private final WeChatRegistrationRepository registrations;

	private int maxBodySize = 8 * 1024;

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher that tells which registration a request logs in with
	 * @param registrations the registrations
	 */
	public WeChatCodeAuthenticationConverter(WeChatLoginRequestMatcher requestMatcher,
			WeChatRegistrationRepository registrations) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		this.requestMatcher = requestMatcher;
		this.registrations = registrations;
	}

	/**
	 * Set the largest request body accepted, in bytes. Defaults to 8 KiB.
	 * @param maxBodySize the limit
	 */
	public void setMaxBodySize(int maxBodySize) {
		Assert.isTrue(maxBodySize > 0, "maxBodySize must be positive");
		this.maxBodySize = maxBodySize;
	}

	@Override
	public @Nullable WeChatCodeAuthenticationToken convert(HttpServletRequest request) {
		String registrationId = this.requestMatcher.resolveRegistrationId(request);
		if (registrationId == null) {
			return null;
		}
		WeChatRegistration registration = findEnabled(this.registrations, registrationId);
		return toToken(registrationId, registration,
				WeChatRequestBodies.read(request, this.maxBodySize, fieldNames()));
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
