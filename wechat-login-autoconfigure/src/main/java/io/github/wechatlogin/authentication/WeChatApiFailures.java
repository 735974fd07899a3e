package io.github.wechatlogin.authentication;

import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.core.WeChatErrorCodes;

import org.springframework.security.core.AuthenticationException;

/**
 * Turns the failure of a WeChat call that redeems a one-time code (a login code, a phone number
 * code) into the {@link AuthenticationException} the client is answered with, giving the code's
 * claim back first unless WeChat may have redeemed the code: a code it did not redeem may be tried
 * again, and one it refused as invalid (never issued, expired) would only hold a place in the
 * guard, so a flood of junk codes would fill it.
 *
 * @author wechat-login developers
 */
final class WeChatApiFailures {

	private WeChatApiFailures() {
	}

	static AuthenticationException translate(WeChatApiException ex, Runnable releaseClaim) {
		if (releasesClaim(ex)) {
			releaseClaim.run();
		}
		return translate(ex);
	}

	/**
	 * Whether the code's claim is given back after this failure: unless WeChat may have redeemed
	 * the code.
	 */
	static boolean releasesClaim(WeChatApiException ex) {
		return ex.getCodeOutcome() != WeChatApiException.CodeOutcome.POSSIBLY_REDEEMED;
	}

	/**
	 * The exception the client is answered with, once the claim was dealt with.
	 */
	static AuthenticationException translate(WeChatApiException ex) {
		String errorCode = ex.getError().getErrorCode();
		if (WeChatErrorCodes.UPSTREAM_UNAVAILABLE.equals(errorCode)
				|| WeChatErrorCodes.SERVER_MISCONFIGURED.equals(errorCode)) {
			return new WeChatAuthenticationServiceException(ex.getError(), ex.getMessage());
		}
		return new WeChatAuthenticationException(ex.getError(), ex.getMessage());
	}

}
