package io.github.wechatlogin.authentication;

import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatPhoneNumber;
import io.github.wechatlogin.client.WeChatPhoneNumberClient;
import io.github.wechatlogin.client.WeChatPhoneNumberRequest;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Redeems one-time phone number codes ({@code wx.getPhoneNumber}, the real-time phone number
 * component) for the caller's phone number, with a {@link WeChatPhoneNumberClient}: for the
 * phone number endpoint and for a login that carries a {@code phoneCode}.
 * <p>
 * Each code is first claimed with the {@link WeChatCodeGuard}, like a login code, under a key of
 * its own ({@value #GUARD_PREFIX} before the code, a prefix no login code can carry since login
 * codes hold no space), so that a replayed code is refused without calling WeChat and a phone
 * code never collides with a login code. The claim is given back when WeChat did not redeem the
 * code or refused it as invalid (never issued, expired, another user's), as for login codes.
 * <p>
 * Only classic mini programs ({@link WeChatAppType#MINI_PROGRAM}) have phone number codes; a
 * multi-terminal application gets the phone number from its phone logins
 * ({@code code2verifyinfo}'s {@code phone_info}), so a code presented for one is refused with
 * {@code invalid_request} before anything else. Failures become
 * {@link WeChatAuthenticationException}s (request, code, rate limit) or
 * {@link WeChatAuthenticationServiceException}s (WeChat unavailable, configuration refused).
 * The phone number is never logged.
 *
 * @author wechat-login developers
 */
public final class WeChatPhoneNumberResolver {

	/**
	 * What comes before a phone number code in the {@link WeChatCodeGuard}.
	 */
	public static final String GUARD_PREFIX = "phone-number ";

	private static final Log logger = LogFactory.getLog(WeChatPhoneNumberResolver.class);

	private final WeChatPhoneNumberClient client;

	private WeChatCodeGuard codeGuard = new InMemoryWeChatCodeGuard();

	/**
	 * Create a new instance.
	 * @param client the client that redeems phone number codes
	 */
	public WeChatPhoneNumberResolver(WeChatPhoneNumberClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
	}

	/**
	 * Set the guard that claims each code once before WeChat is called. Defaults to an
	 * {@link InMemoryWeChatCodeGuard}; use the login's guard, so that a code is claimed once
	 * wherever it is presented.
	 * @param codeGuard the guard
	 */
	public void setCodeGuard(WeChatCodeGuard codeGuard) {
		Assert.notNull(codeGuard, "codeGuard cannot be null");
		this.codeGuard = codeGuard;
	}

	/**
	 * Redeem a phone number code of a user: claim it, then ask WeChat.
	 * @param registration the registration the user logged in with
	 * @param openid the user's openid
	 * @param code the phone number code
	 * @return the phone number
	 * @throws WeChatAuthenticationException if the code is refused (replayed, invalid, another
	 * user's), the registration has no phone number codes, or WeChat rate-limited the user
	 * @throws WeChatAuthenticationServiceException if WeChat or the guard is unavailable, or
	 * WeChat refused this server's configuration
	 */
	public WeChatPhoneNumber resolve(WeChatRegistration registration, String openid, String code) {
		claim(registration, code);
		return redeem(registration, openid, code);
	}

	/**
	 * Check that a registration has phone number codes.
	 * @param registration the registration
	 * @throws WeChatAuthenticationException with {@code invalid_request} if it has none
	 */
	public static void assertSupported(WeChatRegistration registration) {
		if (registration.getType() != WeChatAppType.MINI_PROGRAM) {
			throw new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_REQUEST,
					"Phone number codes are for mini programs; a multi-terminal app gets the phone number "
							+ "from a phone login"));
		}
	}

	/**
	 * Claim a code in the guard, without asking WeChat.
	 * @param registration the registration
	 * @param code the phone number code
	 * @throws WeChatCodeReplayException if the code was claimed before
	 * @throws WeChatAuthenticationServiceException if the guard is unavailable
	 */
	void claim(WeChatRegistration registration, String code) {
		assertSupported(registration);
		boolean claimed;
		try {
			claimed = this.codeGuard.claim(registration, GUARD_PREFIX + code);
		}
		catch (RuntimeException ex) {
			logger.warn("The used-code guard is unavailable: " + ex.getClass().getSimpleName());
			throw new WeChatAuthenticationServiceException(WeChatError.unavailable("The phone number"),
					"The used-code guard is unavailable");
		}
		if (!claimed) {
			throw new WeChatCodeReplayException(new WeChatError(WeChatErrorCodes.INVALID_CODE,
					"The phone number code is invalid, expired, already used or not the user's; ask again"),
					"A phone number code was presented again");
		}
	}

	/**
	 * Give a claim back, as when WeChat was not asked.
	 * @param registration the registration
	 * @param code the phone number code
	 */
	void release(WeChatRegistration registration, String code) {
		try {
			this.codeGuard.release(registration, GUARD_PREFIX + code);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not release a phone number code claim: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Ask WeChat for the phone number of a claimed code, giving the claim back when WeChat did
	 * not redeem the code or refused it as invalid.
	 */
	WeChatPhoneNumber redeem(WeChatRegistration registration, String openid, String code) {
		try {
			return this.client.getPhoneNumber(new WeChatPhoneNumberRequest(registration, code, openid));
		}
		catch (WeChatApiException ex) {
			throw WeChatApiFailures.translate(ex, () -> release(registration, code));
		}
	}

}
