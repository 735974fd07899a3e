package io.github.wechatlogin.authentication;

import java.io.Serial;
import java.util.Collections;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.util.Assert;

/**
 * An unauthenticated request to log in with a one-time WeChat login code, as the login filter
 * builds it and {@link WeChatAuthenticationProvider} accepts it.
 * <p>
 * The code is the credential; it is erased after authentication and never shown by
 * {@link #toString()}.
 *
 * @author wechat-login developers
 * @see WeChatAuthentication
 */
public final class WeChatCodeAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String registrationId;

	private @Nullable String code;

	private @Nullable String phoneCode;

	/**
	 * Create a login request.
	 * @param registrationId the id of the registration the code was issued for
	 * @param code the one-time login code
	 */
	public WeChatCodeAuthenticationToken(String registrationId, String code) {
		super(Collections.emptyList());
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(code, "code cannot be empty");
		this.registrationId = registrationId;
		this.code = code;
		setAuthenticated(false);
	}

	/**
	 * Create a login request that also signs the user's phone number up: the one-time code of
	 * {@code wx.getPhoneNumber}, redeemed after the login code.
	 * @param registrationId the id of the registration the code was issued for
	 * @param code the one-time login code
	 * @param phoneCode the one-time phone number code, or {@code null}
	 */
	public WeChatCodeAuthenticationToken(String registrationId, String code, @Nullable String phoneCode) {
		this(registrationId, code);
		Assert.isTrue(phoneCode == null || !phoneCode.isEmpty(), "phoneCode cannot be empty");
		this.phoneCode = phoneCode;
	}

	/**
	 * Return the registration id.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	/**
	 * Return the login code.
	 * @return the code, or {@code null} once erased
	 */
	public @Nullable String getCode() {
		return this.code;
	}

	/**
	 * Return the phone number code sent with the login.
	 * @return the phone number code, or {@code null} if none was sent or once erased
	 */
	public @Nullable String getPhoneCode() {
		return this.phoneCode;
	}

	@Override
	public @Nullable Object getCredentials() {
		return this.code;
	}

	@Override
	public Object getPrincipal() {
		return this.registrationId;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "A WeChatCodeAuthenticationToken cannot be trusted; authenticate it instead");
		super.setAuthenticated(false);
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.code = null;
		this.phoneCode = null;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " [registrationId=" + this.registrationId + ", code=[PROTECTED]"
				+ ((this.phoneCode != null) ? ", phoneCode=[PROTECTED]]" : "]");
	}

}
