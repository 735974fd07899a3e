package io.github.wechatlogin.authentication;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.client.WeChatPhoneNumber;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * An {@link AuthenticationProvider} for {@link WeChatCodeAuthenticationToken}s: redeems the code
 * with a {@link WeChatCodeExchanger}, loads the user with a {@link WeChatUserService} and answers
 * a {@link WeChatAuthentication} whose principal is the {@link WeChatUser}. Each code is first
 * claimed with a {@link WeChatCodeGuard}, so that a replayed code is refused without calling
 * WeChat. The claim is given back when WeChat did not redeem the code (the call failed before
 * the code was sent, or WeChat refused the server's configuration or access token, or was busy)
 * and when WeChat refused the code as invalid (never issued, expired), so that junk codes do not
 * fill the guard; it is kept once WeChat may have redeemed the code (success, a used code, a
 * timeout or an HTTP error after the code was sent). See
 * {@link WeChatApiException#getCodeOutcome()}.
 * <p>
 * Failures of the request or the user become {@link WeChatAuthenticationException}s; failures on
 * the server's side (WeChat unavailable, configuration refused) become
 * {@link WeChatAuthenticationServiceException}s.
 *
 * @author wechat-login developers
 */
public final class WeChatAuthenticationProvider implements AuthenticationProvider {

	/**
	 * The attribute of the identity that holds the phone number of a sign-up with a phone number
	 * code: {@code phoneNumber}, {@code purePhoneNumber} and {@code countryCode}.
	 */
	public static final String PHONE_INFO_ATTRIBUTE = "phone_info";

	private final WeChatRegistrationRepository registrations;

	private final WeChatCodeExchanger codeExchanger;

	private WeChatUserService userService = new DefaultWeChatUserService();

	private WeChatCodeGuard codeGuard = new InMemoryWeChatCodeGuard();

	private @Nullable WeChatPhoneNumberResolver phoneNumberResolver;

	/**
	 * Create a new instance.
	 * @param registrations the registrations codes may be issued for
	 * @param codeExchanger the exchanger that redeems codes
	 */
	public WeChatAuthenticationProvider(WeChatRegistrationRepository registrations, WeChatCodeExchanger codeExchanger) {
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(codeExchanger, "codeExchanger cannot be null");
		this.registrations = registrations;
		this.codeExchanger = codeExchanger;
	}

	/**
	 * Set the service that loads the application's user. Defaults to
	 * {@link DefaultWeChatUserService}.
	 * @param userService the user service
	 */
	public void setUserService(WeChatUserService userService) {
		Assert.notNull(userService, "userService cannot be null");
		this.userService = userService;
	}

	/**
	 * Set the guard that claims each code once before WeChat is called. Defaults to an
	 * {@link InMemoryWeChatCodeGuard}.
	 * @param codeGuard the guard
	 */
	public void setCodeGuard(WeChatCodeGuard codeGuard) {
		Assert.notNull(codeGuard, "codeGuard cannot be null");
		this.codeGuard = codeGuard;
	}

	/**
	 * Set the resolver of the phone number codes a login may carry ({@code phoneCode}: sign-up
	 * with the phone number in one request). Defaults to none: a login with a phone number code
	 * is refused with {@code invalid_request}.
	 * @param phoneNumberResolver the resolver
	 */
	public void setPhoneNumberResolver(@Nullable WeChatPhoneNumberResolver phoneNumberResolver) {
		this.phoneNumberResolver = phoneNumberResolver;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		WeChatCodeAuthenticationToken request = (WeChatCodeAuthenticationToken) authentication;
		WeChatRegistration registration = WeChatCodeLogins.requireRegistration(
				WeChatRegistrationLookups.find(this.registrations, request.getRegistrationId(), "Login"), request);
		String code = WeChatCodeLogins.requireCode(request);
		String phoneCode = request.getPhoneCode();
		WeChatPhoneNumberResolver phoneNumbers = (phoneCode != null) ? phoneNumberResolver() : null;
		if (phoneNumbers != null) {
			WeChatPhoneNumberResolver.assertSupported(registration);
			// claimed first: a replayed phone code is refused before the login code is spent
			phoneNumbers.claim(registration, phoneCode);
		}
		WeChatIdentity identity;
		try {
			claim(registration, code);
			identity = exchange(registration, code);
		}
		catch (AuthenticationException ex) {
			if (phoneNumbers != null) {
				phoneNumbers.release(registration, phoneCode);
			}
			throw ex;
		}
		if (phoneNumbers != null) {
			// the login code is spent by now; a failure here fails the login, since the client
			// asked for a sign-up with the phone number
			identity = withPhoneNumber(identity, phoneNumbers.redeem(registration, requireOpenid(identity), phoneCode));
		}
		WeChatUser user;
		try {
			user = this.userService.loadUser(new WeChatUserRequest(registration, identity));
		}
		catch (RuntimeException ex) {
			throw WeChatCodeLogins.userServiceFailed(ex);
		}
		return WeChatCodeLogins.authenticated(request, registration, user);
	}

	private WeChatPhoneNumberResolver phoneNumberResolver() {
		if (this.phoneNumberResolver == null) {
			throw WeChatCodeLogins.phoneCodesNotAccepted();
		}
		return this.phoneNumberResolver;
	}

	private static String requireOpenid(WeChatIdentity identity) {
		String openid = identity.getOpenid();
		Assert.state(openid != null, "A mini program login without an openid");
		return openid;
	}

	/**
	 * The identity with the phone number, as a multi-terminal phone login carries it: the
	 * number as {@link WeChatIdentity#getPhone()}, and the attribute {@code phone_info}.
	 */
	private static WeChatIdentity withPhoneNumber(WeChatIdentity identity, WeChatPhoneNumber phoneNumber) {
		Map<String, Object> phoneInfo = new LinkedHashMap<>();
		phoneInfo.put("phoneNumber", phoneNumber.phoneNumber());
		phoneInfo.put("purePhoneNumber", phoneNumber.purePhoneNumber());
		phoneInfo.put("countryCode", phoneNumber.countryCode());
		return WeChatIdentity.builder()
			.from(identity)
			.phone(phoneNumber.phoneNumber())
			.attribute(PHONE_INFO_ATTRIBUTE, Collections.unmodifiableMap(phoneInfo))
			.build();
	}

	private void claim(WeChatRegistration registration, String code) {
		boolean claimed;
		try {
			claimed = this.codeGuard.claim(registration, code);
		}
		catch (RuntimeException ex) {
			throw WeChatCodeLogins.guardUnavailable(ex);
		}
		WeChatCodeLogins.requireClaimed(claimed);
	}

	private WeChatIdentity exchange(WeChatRegistration registration, String code) {
		try {
			return this.codeExchanger.exchange(new WeChatCodeExchangeRequest(registration, code));
		}
		catch (WeChatApiException ex) {
			throw WeChatApiFailures.translate(ex, () -> release(registration, code));
		}
	}

	private void release(WeChatRegistration registration, String code) {
		try {
			this.codeGuard.release(registration, code);
		}
		catch (RuntimeException ex) {
			WeChatCodeLogins.releaseFailed(ex);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return WeChatCodeAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
