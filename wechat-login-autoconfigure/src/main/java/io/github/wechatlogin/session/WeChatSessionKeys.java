package io.github.wechatlogin.session;

import io.github.wechatlogin.authentication.WeChatUser;

/**
 * What a server does with the {@code session_key} of a classic mini program user, without ever
 * seeing it: the key is the one the user's latest login ({@code wx.login}, then
 * {@code jscode2session}) answered, kept by a {@link WeChatSessionKeyStore}.
 * <p>
 * Every method taking a user throws a {@link WeChatSessionKeyException} with the error
 * {@value io.github.wechatlogin.core.WeChatErrorCodes#SESSION_KEY_MISSING} when no key is kept for
 * that user (a multi-terminal login, an expired key, a logout), but {@link #checkSession}, which
 * answers {@code false}. Signatures are hex, lower case.
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
	 * @throws WeChatSessionKeyException with {@code invalid_request} (400) if the data cannot be
	 * decrypted, is no JSON object or carries another app's watermark
	 */
	String decrypt(WeChatUser user, String encryptedData, String iv);

	/**
	 * Verify the signature of {@code rawData} ({@code wx.getUserInfo} and the like):
	 * {@code sha1(rawData + session_key)}, compared in constant time.
	 * @param user the authenticated user
	 * @param rawData the raw data, as the mini program received it
	 * @param signature the signature, hex
	 * @return whether the signature is the user's
	 */
	boolean verifySignature(WeChatUser user, String rawData, String signature);

	/**
	 * Ask WeChat whether the user's {@code session_key} is still valid ({@code wxa/checksession}).
	 * A key WeChat no longer accepts is forgotten.
	 * @param user the authenticated user
	 * @return {@code true} if it is, {@code false} if it is not (the user logged in again
	 * elsewhere, WeChat expired it) or none is kept
	 * @throws WeChatSessionKeyException with {@code upstream_unavailable} (503) or
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
