package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;

/**
 * Provides the WeChat API access token ({@code access_token}) of an app, as
 * {@code donut/code2verifyinfo} needs it.
 * <p>
 * WeChat limits how often a token may be fetched, and with the classic endpoint every fetch
 * invalidates the previous token: implementations cache the token and fetch it once however many
 * callers wait for it.
 *
 * @author wechat-login developers
 * @see CachingWeChatApiAccessTokenProvider
 */
public interface WeChatApiAccessTokenProvider {

	/**
	 * Return a valid access token of the registration's app.
	 * @param registration the registration
	 * @return the access token; never log it
	 * @throws WeChatApiException if no token could be obtained
	 */
	String getAccessToken(WeChatRegistration registration) throws WeChatApiException;

	/**
	 * Report that WeChat refused the given token (errcode 40001 or 42001), so that the next call
	 * of {@link #getAccessToken} fetches a new one. A token other than the one cached is
	 * ignored, so that a token fetched meanwhile survives.
	 * @param registration the registration
	 * @param rejectedAccessToken the refused token
	 */
	void invalidate(WeChatRegistration registration, String rejectedAccessToken);

}
