package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;

/**
 * Asks WeChat whether a user's {@code session_key} is still valid ({@code wxa/checksession}).
 *
 * @author wechat-login developers
 * @see RestClientSessionCheckClient
 */
@FunctionalInterface
public interface WeChatSessionCheckClient {

	/**
	 * Check a user's session.
	 * @param registration the mini program
	 * @param openid the user's openid
	 * @param signature {@code hex(hmac_sha256(session_key, ""))}
	 * @return {@code true} if WeChat accepts the key, {@code false} if it no longer does
	 * (errcode 87009) or the openid is not the app's (40003)
	 * @throws WeChatApiException if WeChat could not be asked or refused the call otherwise
	 */
	boolean checkSession(WeChatRegistration registration, String openid, String signature) throws WeChatApiException;

}
