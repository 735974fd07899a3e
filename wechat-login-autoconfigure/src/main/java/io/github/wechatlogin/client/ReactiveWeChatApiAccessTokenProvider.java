package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;
import reactor.core.publisher.Mono;

/**
 * Provides the WeChat API access token ({@code access_token}) of an app without blocking: the
 * reactive twin of {@link WeChatApiAccessTokenProvider}, with the same duties (cache the token,
 * fetch it once however many callers wait for it).
 * <p>
 * {@link #invalidate} answers a {@code Mono} so that an implementation on a shared store
 * (Redis) can wait for it without blocking; the in-memory one completes at once.
 *
 * @author wechat-login developers
 * @see CachingReactiveWeChatApiAccessTokenProvider
 */
public interface ReactiveWeChatApiAccessTokenProvider {

	/**
	 * Return a valid access token of the registration's app.
	 * @param registration the registration
	 * @return the access token (never log it), or a {@link WeChatApiException} if no token could
	 * be obtained
	 */
	Mono<String> getAccessToken(WeChatRegistration registration);

	/**
	 * Report that WeChat refused the given token (errcode 40001 or 42001), so that the next
	 * {@link #getAccessToken} fetches a new one. A token other than the one cached is ignored,
	 * so that a token fetched meanwhile survives.
	 * @param registration the registration
	 * @param rejectedAccessToken the refused token
	 * @return completion
	 */
	Mono<Void> invalidate(WeChatRegistration registration, String rejectedAccessToken);

}
