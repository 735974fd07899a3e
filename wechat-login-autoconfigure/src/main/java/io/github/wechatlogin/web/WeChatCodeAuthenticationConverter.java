package io.github.wechatlogin.web;

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
	public static final int MAX_CODE_LENGTH = WeChatLoginRequests.MAX_CODE_LENGTH;

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
		WeChatRegistration registration = WeChatLoginRequests.findEnabled(this.registrations, registrationId);
		return WeChatLoginRequests.toToken(registrationId, registration,
				ServletRequestBodies.read(request, this.maxBodySize, WeChatLoginRequests.fieldNames()));
	}

}
