package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;

/**
 * Fetches a new WeChat API access token from WeChat. Called by a
 * {@link WeChatApiAccessTokenProvider}, which caches the answer.
 *
 * @author wechat-login developers
 * @see RestClientStableTokenClient
 * @see RestClientClassicTokenClient
 */
@FunctionalInterface
public interface WeChatApiAccessTokenClient {

	/**
	 * Fetch an access token.
	 * @param registration the registration whose app the token is for
	 * @param forceRefresh whether to ask for a new token even if WeChat would answer the current
	 * one (honoured by {@code cgi-bin/stable_token}; WeChat limits it to a few a day)
	 * @return the token
	 * @throws WeChatApiException if WeChat refused or could not be asked
	 */
	WeChatApiAccessToken fetch(WeChatRegistration registration, boolean forceRefresh) throws WeChatApiException;

}
