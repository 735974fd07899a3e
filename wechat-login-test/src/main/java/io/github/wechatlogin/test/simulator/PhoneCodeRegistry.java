package io.github.wechatlogin.test.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The phone number codes minted by the simulator ({@code wx.getPhoneNumber}): each issued for
 * one user (openid) of one app, valid for five minutes and redeemable once.
 *
 * @author wechat-login
 */
final class PhoneCodeRegistry {

	private final Map<String, IssuedPhoneCode> codes = new ConcurrentHashMap<>();

	/**
	 * Mint a code.
	 * @param appId the app
	 * @param openid the user the code is issued to
	 * @param phoneNumber the user's phone number
	 * @param countryCode the country code
	 * @param now the current instant
	 * @return the code, 64 URL-safe characters
	 */
	String issue(String appId, String openid, String phoneNumber, String countryCode, Instant now) {
		IssuedPhoneCode issued = new IssuedPhoneCode(appId, openid, phoneNumber, countryCode,
				now.plus(CodeRegistry.CODE_TTL));
		while (true) {
			String code = Randoms.urlSafe(48);
			if (this.codes.putIfAbsent(code, issued) == null) {
				return code;
			}
		}
	}

	/**
	 * Redeem a code.
	 * @param code the code
	 * @param appId the app redeeming it
	 * @param openid the openid sent with it, or {@code null}
	 * @param now the current instant
	 * @return the phone number, or {@code null} if the code is unknown, of another app or another
	 * user, expired or used (a code of another user stays unused)
	 */
	@Nullable IssuedPhoneCode redeem(String code, String appId, @Nullable String openid, Instant now) {
		IssuedPhoneCode issued = this.codes.get(code);
		if (issued == null || !issued.appId.equals(appId) || (openid != null && !issued.openid.equals(openid))) {
			return null;
		}
		return issued.redeem(now) ? issued : null;
	}

	void clear() {
		this.codes.clear();
	}

	static final class IssuedPhoneCode {

		private final String appId;

		private final String openid;

		private final String phoneNumber;

		private final String countryCode;

		private final Instant expiresAt;

		private boolean used;

		IssuedPhoneCode(String appId, String openid, String phoneNumber, String countryCode, Instant expiresAt) {
			this.appId = appId;
			this.openid = openid;
			this.phoneNumber = phoneNumber;
			this.countryCode = countryCode;
			this.expiresAt = expiresAt;
		}

		String phoneNumber() {
			return this.phoneNumber;
		}

		String countryCode() {
			return this.countryCode;
		}

		synchronized boolean redeem(Instant now) {
			if (this.used || !now.isBefore(this.expiresAt)) {
				return false;
			}
			this.used = true;
			return true;
		}

	}

}
