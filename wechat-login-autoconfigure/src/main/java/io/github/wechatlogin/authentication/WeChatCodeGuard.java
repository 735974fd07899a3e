package io.github.wechatlogin.authentication;

import io.github.wechatlogin.core.WeChatRegistration;

/**
 * Claims each login code once, before WeChat is called, so that a replayed code (on this
 * instance or, with a shared store, on any other) is refused without an upstream call.
 * Implementations keep only a hash of the code, for as long as a code lives (5 minutes).
 *
 * @author wechat-login developers
 * @see InMemoryWeChatCodeGuard
 */
public interface WeChatCodeGuard {

	/**
	 * Claim a code.
	 * @param registration the registration the code is presented for
	 * @param code the code
	 * @return {@code true} if the code was not claimed before, {@code false} for a replay
	 * @throws RuntimeException if the guard's store cannot be reached (the login then answers
	 * {@code 503})
	 */
	boolean claim(WeChatRegistration registration, String code);

	/**
	 * Give a claimed code back, after a failure in which WeChat did not redeem it (the call
	 * failed before the code was sent, or WeChat refused this server's configuration), so that
	 * the client may try it again, or after WeChat refused it as invalid (a code it never issued,
	 * or an expired one), so that junk codes do not hold places in the guard.
	 * @param registration the registration
	 * @param code the code
	 */
	void release(WeChatRegistration registration, String code);

}
