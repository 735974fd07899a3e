package io.github.wechatlogin.client;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a caching {@link WeChatApiAccessTokenProvider} knows of an app's access token, for health
 * checks: read from memory, without calling WeChat.
 *
 * @param expiresAt when the cached token expires, or {@code null} if none is cached
 * @param lastFailureAt when the last fetch failed, or {@code null} if the last fetch succeeded
 * @param lastFailure the error code of the last failed fetch, or {@code null}
 * @author wechat-login developers
 */
public record WeChatApiAccessTokenStatus(@Nullable Instant expiresAt, @Nullable Instant lastFailureAt,
		@Nullable String lastFailure) {

}
