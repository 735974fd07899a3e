package io.github.wechatlogin.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.wechatlogin.core.WeChatRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What the caching access-token providers of both stacks know, and decide, about each app's
 * token, apart from how they wait for a fetch ({@link CachingWeChatApiAccessTokenProvider} with
 * a {@code CompletableFuture}, {@link CachingReactiveWeChatApiAccessTokenProvider} with a shared
 * {@code Mono}): the cached tokens (refreshed some time before they expire), the tokens WeChat
 * refused, the failed fetches answered from memory for a backoff, and the forgetting of an
 * app's earlier secrets once a token of its current one was fetched. Everything is kept by
 * {@link WeChatRegistration#getAccessTokenCacheKey()} (app id and secret fingerprint).
 *
 * @author wechat-login developers
 */
final class WeChatApiAccessTokenCache {

	private final ConcurrentMap<String, CachedToken> tokens = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, String> rejected = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Failure> failures = new ConcurrentHashMap<>();

	private Clock clock = Clock.systemUTC();

	private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

	private Duration failureBackoff = Duration.ofSeconds(5);

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
		Assert.notNull(refreshBeforeExpiry, "refreshBeforeExpiry cannot be null");
		Assert.isTrue(!refreshBeforeExpiry.isNegative(), "refreshBeforeExpiry cannot be negative");
		this.refreshBeforeExpiry = refreshBeforeExpiry;
	}

	void setFailureBackoff(Duration failureBackoff) {
		Assert.notNull(failureBackoff, "failureBackoff cannot be null");
		Assert.isTrue(!failureBackoff.isNegative(), "failureBackoff cannot be negative");
		this.failureBackoff = failureBackoff;
	}

	/**
	 * Return the cached token if it is not yet due for a refresh.
	 */
	@Nullable String fresh(WeChatRegistration registration) {
		CachedToken cached = this.tokens.get(registration.getAccessTokenCacheKey());
		return (cached != null && this.clock.instant().isBefore(cached.refreshAt())) ? cached.token().value() : null;
	}

	/**
	 * Return the failure of the last fetch while its backoff lasts, to be answered again.
	 */
	@Nullable WeChatApiException backoff(WeChatRegistration registration) {
		Failure failure = this.failures.get(registration.getAccessTokenCacheKey());
		return (failure != null && failure.exception() != null
				&& this.clock.instant().isBefore(failure.at().plus(this.failureBackoff))) ? failure.exception() : null;
	}

	/**
	 * Start a fetch: take the token refused since the last one, if any. When WeChat answers that
	 * one again, the fetch must {@link #mustForceRefresh force a refresh} once.
	 */
	@Nullable String takeRejected(WeChatRegistration registration) {
		return this.rejected.remove(registration.getAccessTokenCacheKey());
	}

	static boolean mustForceRefresh(@Nullable String rejected, WeChatApiAccessToken fetched) {
		return rejected != null && rejected.equals(fetched.value());
	}

	/**
	 * Keep a fetched token, forget the last failure and the tokens of the app's earlier secrets.
	 * @return the token's value
	 */
	String fetched(WeChatRegistration registration, WeChatApiAccessToken token) {
		Instant now = this.clock.instant();
		Duration lifetime = Duration.between(now, token.expiresAt());
		Duration margin = this.refreshBeforeExpiry.compareTo(lifetime.dividedBy(2)) < 0 ? this.refreshBeforeExpiry
				: lifetime.dividedBy(2);
		String key = registration.getAccessTokenCacheKey();
		this.tokens.put(key, new CachedToken(token, token.expiresAt().minus(margin)));
		this.failures.remove(key);
		forgetOtherSecrets(registration);
		return token.value();
	}

	/**
	 * Remember a failed fetch; only a {@link WeChatApiException} is answered again during the
	 * backoff.
	 */
	void failed(WeChatRegistration registration, Throwable ex) {
		WeChatApiException apiException = (ex instanceof WeChatApiException api) ? api : null;
		this.failures.put(registration.getAccessTokenCacheKey(), new Failure(this.clock.instant(),
				(apiException != null) ? apiException.getError().getErrorCode() : ex.getClass().getSimpleName(),
				apiException));
	}

	void invalidate(WeChatRegistration registration, String rejectedAccessToken) {
		Assert.notNull(registration, "registration cannot be null");
		Assert.notNull(rejectedAccessToken, "rejectedAccessToken cannot be null");
		String key = registration.getAccessTokenCacheKey();
		CachedToken removed = this.tokens.computeIfPresent(key,
				(k, cached) -> cached.token().value().equals(rejectedAccessToken) ? null : cached);
		if (removed == null) {
			this.rejected.put(key, rejectedAccessToken);
		}
	}

	WeChatApiAccessTokenStatus status(WeChatRegistration registration) {
		CachedToken cached = this.tokens.get(registration.getAccessTokenCacheKey());
		Failure failure = this.failures.get(registration.getAccessTokenCacheKey());
		return new WeChatApiAccessTokenStatus((cached != null) ? cached.token().expiresAt() : null,
				(failure != null) ? failure.at() : null, (failure != null) ? failure.error() : null);
	}

	/**
	 * Return how many tokens, refused tokens and failures are kept (for tests).
	 */
	int entries() {
		return this.tokens.size() + this.rejected.size() + this.failures.size();
	}

	/**
	 * A token of the app's current secret was fetched: forget those of its earlier secrets, so
	 * that rotations do not grow the maps (their tokens are no longer asked for).
	 */
	private void forgetOtherSecrets(WeChatRegistration registration) {
		String key = registration.getAccessTokenCacheKey();
		String app = registration.getAppId() + ":";
		for (Map<String, ?> entries : List.of(this.tokens, this.rejected, this.failures)) {
			entries.keySet().removeIf((other) -> other.startsWith(app) && !other.equals(key)
					&& other.indexOf(':', app.length()) < 0);
		}
	}

	private record CachedToken(WeChatApiAccessToken token, Instant refreshAt) {
	}

	private record Failure(Instant at, String error, @Nullable WeChatApiException exception) {
	}

}
