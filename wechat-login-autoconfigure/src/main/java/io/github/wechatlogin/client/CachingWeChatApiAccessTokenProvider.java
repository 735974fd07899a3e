package io.github.wechatlogin.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.wechatlogin.core.WeChatRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link WeChatApiAccessTokenProvider} that caches each app's token in memory until shortly before
 * it expires, and fetches it through a {@link WeChatApiAccessTokenClient} once however many callers
 * ask at the same time: the first caller fetches, the others wait for its answer (or its
 * failure) and share it. Tokens are kept by app id and secret fingerprint
 * ({@link WeChatRegistration#getAccessTokenCacheKey()}), so a rotated secret is used for the
 * next fetch at once.
 * <p>
 * After a token was {@link #invalidate invalidated}, the next fetch asks for the current token
 * and, if WeChat answers the refused one again, forces a refresh once. A failed fetch is answered
 * from memory for a short backoff before WeChat is asked again.
 *
 * @author wechat-login developers
 */
public final class CachingWeChatApiAccessTokenProvider implements WeChatApiAccessTokenProvider {

	private final WeChatApiAccessTokenClient client;

	private final ConcurrentMap<String, CachedToken> tokens = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, CompletableFuture<CachedToken>> fetches = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, String> rejected = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Failure> failures = new ConcurrentHashMap<>();

	private Clock clock = Clock.systemUTC();

	private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

	private Duration maxWait = Duration.ofSeconds(15);

	private Duration failureBackoff = Duration.ofSeconds(5);

	/**
	 * Create a new instance.
	 * @param client the client that fetches tokens from WeChat
	 */
	public CachingWeChatApiAccessTokenProvider(WeChatApiAccessTokenClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
	}

	/**
	 * Set the clock. Defaults to the system UTC clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set how long before its expiry a token is fetched anew (at most half its lifetime).
	 * Defaults to 5 minutes.
	 * @param refreshBeforeExpiry the margin
	 */
	public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
		Assert.notNull(refreshBeforeExpiry, "refreshBeforeExpiry cannot be null");
		Assert.isTrue(!refreshBeforeExpiry.isNegative(), "refreshBeforeExpiry cannot be negative");
		this.refreshBeforeExpiry = refreshBeforeExpiry;
	}

	/**
	 * Set how long a caller waits for a fetch that another caller started. Defaults to 15
	 * seconds; set it above the connect and read timeouts together.
	 * @param maxWait the longest wait
	 */
	public void setMaxWait(Duration maxWait) {
		Assert.notNull(maxWait, "maxWait cannot be null");
		Assert.isTrue(!maxWait.isNegative() && !maxWait.isZero(), "maxWait must be positive");
		this.maxWait = maxWait;
	}

	/**
	 * Set how long a failed fetch is answered from memory before WeChat is asked again, so that
	 * an outage or a misconfiguration does not turn every login into a token fetch (WeChat limits
	 * them per day). Defaults to 5 seconds; zero turns it off.
	 * @param failureBackoff the backoff
	 */
	public void setFailureBackoff(Duration failureBackoff) {
		Assert.notNull(failureBackoff, "failureBackoff cannot be null");
		Assert.isTrue(!failureBackoff.isNegative(), "failureBackoff cannot be negative");
		this.failureBackoff = failureBackoff;
	}

	/**
	 * A token of the app's current secret was fetched: forget those of its earlier secrets, so
	 * that rotations do not grow the maps (their tokens are no longer asked for).
	 */
	private void forgetOtherSecrets(WeChatRegistration registration) {
		String key = registration.getAccessTokenCacheKey();
		String app = registration.getAppId() + ":";
		for (java.util.Map<String, ?> entries : java.util.List.of(this.tokens, this.rejected, this.failures)) {
			entries.keySet().removeIf((other) -> other.startsWith(app) && !other.equals(key)
					&& other.indexOf(':', app.length()) < 0);
		}
	}

	/**
	 * Return how many tokens, refused tokens and failures are kept (for tests).
	 */
	int entries() {
		return this.tokens.size() + this.rejected.size() + this.failures.size();
	}

	@Override
	public String getAccessToken(WeChatRegistration registration) {
		Assert.notNull(registration, "registration cannot be null");
		String key = registration.getAccessTokenCacheKey();
		CachedToken cached = this.tokens.get(key);
		if (isFresh(cached)) {
			return cached.token().value();
		}
		Failure failure = this.failures.get(key);
		if (failure != null && failure.exception() != null
				&& this.clock.instant().isBefore(failure.at().plus(this.failureBackoff))) {
			throw failure.exception();
		}
		CompletableFuture<CachedToken> fetch = new CompletableFuture<>();
		CompletableFuture<CachedToken> running = this.fetches.putIfAbsent(key, fetch);
		if (running != null) {
			return await(running).token().value();
		}
		try {
			CachedToken token = this.tokens.get(key);
			if (!isFresh(token)) {
				token = fetch(registration);
				this.tokens.put(key, token);
				this.failures.remove(key);
				forgetOtherSecrets(registration);
			}
			fetch.complete(token);
			return token.token().value();
		}
		catch (RuntimeException ex) {
			WeChatApiException apiException = (ex instanceof WeChatApiException api) ? api : null;
			this.failures.put(key, new Failure(this.clock.instant(),
					(apiException != null) ? apiException.getError().getErrorCode() : ex.getClass().getSimpleName(),
					apiException));
			fetch.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.fetches.remove(key, fetch);
			// after an Error, which is not caught above: the callers waiting on this fetch fail
			// now rather than after maxWait (a no-op when the fetch completed)
			fetch.completeExceptionally(new IllegalStateException("The access token fetch did not complete"));
		}
	}

	@Override
	public void invalidate(WeChatRegistration registration, String rejectedAccessToken) {
		Assert.notNull(registration, "registration cannot be null");
		Assert.notNull(rejectedAccessToken, "rejectedAccessToken cannot be null");
		String key = registration.getAccessTokenCacheKey();
		CachedToken removed = this.tokens.computeIfPresent(key,
				(k, cached) -> cached.token().value().equals(rejectedAccessToken) ? null : cached);
		if (removed == null) {
			this.rejected.put(key, rejectedAccessToken);
		}
	}

	/**
	 * Return what is known of the app's token, from memory only.
	 * @param registration the registration
	 * @return the status
	 */
	public WeChatApiAccessTokenStatus getStatus(WeChatRegistration registration) {
		CachedToken cached = this.tokens.get(registration.getAccessTokenCacheKey());
		Failure failure = this.failures.get(registration.getAccessTokenCacheKey());
		return new WeChatApiAccessTokenStatus((cached != null) ? cached.token().expiresAt() : null,
				(failure != null) ? failure.at() : null, (failure != null) ? failure.error() : null);
	}

	private CachedToken fetch(WeChatRegistration registration) {
		String refused = this.rejected.remove(registration.getAccessTokenCacheKey());
		WeChatApiAccessToken token = this.client.fetch(registration, false);
		if (refused != null && refused.equals(token.value())) {
			token = this.client.fetch(registration, true);
		}
		Instant now = this.clock.instant();
		Duration lifetime = Duration.between(now, token.expiresAt());
		Duration margin = this.refreshBeforeExpiry.compareTo(lifetime.dividedBy(2)) < 0 ? this.refreshBeforeExpiry
				: lifetime.dividedBy(2);
		return new CachedToken(token, token.expiresAt().minus(margin));
	}

	private boolean isFresh(@Nullable CachedToken cached) {
		return cached != null && this.clock.instant().isBefore(cached.refreshAt());
	}

	private CachedToken await(CompletableFuture<CachedToken> fetch) {
		try {
			return fetch.get(this.maxWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WeChatApiException apiException) {
				throw apiException;
			}
			throw WeChatApiErrors.unavailable("access token", null,
					"fetch failed (" + ex.getCause().getClass().getSimpleName() + ")");
		}
		catch (TimeoutException ex) {
			throw WeChatApiErrors.unavailable("access token", null, "fetch did not finish within " + this.maxWait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw WeChatApiErrors.unavailable("access token", null, "wait was interrupted");
		}
	}

	private record CachedToken(WeChatApiAccessToken token, Instant refreshAt) {
	}

	private record Failure(Instant at, String error, @Nullable WeChatApiException exception) {
	}

}
