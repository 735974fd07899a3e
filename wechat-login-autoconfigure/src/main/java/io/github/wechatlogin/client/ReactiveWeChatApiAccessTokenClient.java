package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;
import reactor.core.publisher.Mono;

/**
 * Fetches a new WeChat API access token from WeChat, without blocking: the reactive twin of
 * {@link WeChatApiAccessTokenClient}. Called by a {@link ReactiveWeChatApiAccessTokenProvider},
 * which caches the answer.
 *
 * @author wechat-login developers
 * @see WebClientStableTokenClient
 * @see WebClientClassicTokenClient
 */
@FunctionalInterface
public interface ReactiveWeChatApiAccessTokenClient {

	/**
	 * Fetch an access token.
	 * @param registration the registration whose app the token is for
	 * @param forceRefresh whether to ask for a new token even if WeChat would answer the current
	 * one (honoured by {@code cgi-bin/stable_token}; WeChat limits it to a few a day)
	 * @return the token, or a {@link WeChatApiException} if WeChat refused or could not be asked
	 */
	Mono<WeChatApiAccessToken> fetch(WeChatRegistration registration, boolean forceRefresh);

}
