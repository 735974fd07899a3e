package io.github.wechatlogin.session;

import io.github.wechatlogin.authentication.WeChatUser;

/**
 * What a server does with the {@code session_key} of a classic mini program user, without ever
 * seeing it: the key is the one the user's latest login ({@code wx.login}, then
 * {@code jscode2session}) answered, kept by a {@link WeChatSessionKeyStore}.
 * <p>
 * Keys are kept per app id and openid (WeChat's key belongs to the pair), so two registrations of
 * one app id share them. Every method taking a user throws a {@link WeChatSessionKeyException}
 * with the error {@value io.github.wechatlogin.core.WeChatErrorCodes#SESSION_KEY_MISSING} (401)
 * when no key is kept for that user (an expired key, a logout, a {@code null} user), but
 * {@link #checkSession}, which answers {@code false}; and with
 * {@value io.github.wechatlogin.core.WeChatErrorCodes#INVALID_REQUEST} (400) when the user's
 * registration is not a classic mini program's (a multi-terminal login has no key, and a new login
 * cannot give it one). Signatures are hex, lower case.
 *
 * @author wechat-login developers
 * @see DefaultWeChatSessionKeys
 */
public interface WeChatSessionKeys {

	/**
	 * Decrypt data the mini program got encrypted with the user's {@code session_key}
	 * ({@code wx.getWeRunData}, group information, ...): AES-128-CBC with PKCS#7 padding, the
	 * plaintext JSON whose {@code watermark.appid} must be the app id of the user's registration.
	 * @param user the authenticated user
	 * @param encryptedData the {@code encryptedData}, base64
	 * @param iv the {@code iv}, base64
	 * @return the decrypted JSON text
	 * @throws WeChatSessionKeyException with {@code invalid_request} (400) if the data or the iv
	 * is missing, not base64, of the wrong length or longer than 64 KiB; and with
	 * {@code invalid_request} (400) and one and the same description whatever went wrong once
	 * decrypting began (a bad padding, no UTF-8, no JSON object, duplicate members, another app's
	 * watermark), so that the answer is no padding oracle
	 */
	String decrypt(WeChatUser user, String encryptedData, String iv);

	/**
	 * Verify the signature of {@code rawData} ({@code wx.getUserInfo} and the like):
	 * {@code sha1(rawData + session_key)}, compared in constant time.
	 * @param user the authenticated user
	 * @param rawData the raw data, as the mini program received it
	 * @param signature the signature, hex
	 * @return whether the signature is the user's; {@code false} if {@code rawData} or
	 * {@code signature} is {@code null}
	 */
	boolean verifySignature(WeChatUser user, String rawData, String signature);

	/**
	 * Ask WeChat whether the user's {@code session_key} is still valid ({@code wxa/checksession}).
	 * A key WeChat no longer accepts (errcode 87009, or 40003: the openid is not the app's) is
	 * forgotten, unless a login has replaced it meanwhile.
	 * @param user the authenticated user
	 * @return {@code true} if it is, {@code false} if it is not (the user logged in again
	 * elsewhere, WeChat expired it) or none is kept
	 * @throws WeChatSessionKeyException with {@code upstream_unavailable} (503),
	 * {@code rate_limited} (429, errcode 45011, with {@code Retry-After}) or
	 * {@code server_misconfigured} (500) if WeChat could not answer
	 */
	boolean checkSession(WeChatUser user);

	/**
	 * Sign a request body with the user's {@code session_key}: the {@code signature} of virtual
	 * payment, {@code hmac_sha256(session_key, body)}.
	 * @param user the authenticated user
	 * @param body the body (for {@code wx.requestVirtualPayment}, {@code signData})
	 * @return the signature
	 */
	String userSignature(WeChatUser user, String body);

	/**
	 * Sign a request with the app key of a registration: the {@code pay_sig} of virtual payment,
	 * {@code hmac_sha256(app_key, uri + "&" + body)}.
	 * @param registrationId the registration
	 * @param uri the API path without query (for {@code wx.requestVirtualPayment},
	 * {@code requestVirtualPayment})
	 * @param body the body (for {@code wx.requestVirtualPayment}, {@code signData})
	 * @return the signature
	 * @throws WeChatSessionKeyException with {@code server_misconfigured} (500) if there is no
	 * such registration or it has no app key
	 */
	String paySignature(String registrationId, String uri, String body);

}
