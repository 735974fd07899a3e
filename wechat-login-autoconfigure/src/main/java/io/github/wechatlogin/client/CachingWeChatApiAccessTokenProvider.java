package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.wechatlogin.core.WeChatRegistration;

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
 * @see CachingReactiveWeChatApiAccessTokenProvider
 */
public final class CachingWeChatApiAccessTokenProvider extends AbstractCachingWeChatApiAccessTokenProvider
		implements WeChatApiAccessTokenProvider {

	private final WeChatApiAccessTokenClient client;

	private final ConcurrentMap<String, CompletableFuture<String>> fetches = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param client the client that fetches tokens from WeChat
	 */
	public CachingWeChatApiAccessTokenProvider(WeChatApiAccessTokenClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
	}

	@Override
	public String getAccessToken(WeChatRegistration registration) {
		Assert.notNull(registration, "registration cannot be null");
		String fresh = cache().fresh(registration);
		if (fresh != null) {
			return fresh;
		}
		WeChatApiException backoff = cache().backoff(registration);
		if (backoff != null) {
			throw backoff;
		}
		String key = registration.getAccessTokenCacheKey();
		CompletableFuture<String> fetch = new CompletableFuture<>();
		CompletableFuture<String> running = this.fetches.putIfAbsent(key, fetch);
		if (running != null) {
			return await(running);
		}
		try {
			String token = cache().fresh(registration);
			if (token == null) {
				token = cache().fetched(registration, fetch(registration));
			}
			fetch.complete(token);
			return token;
		}
		catch (RuntimeException ex) {
			cache().failed(registration, ex);
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
		cache().invalidate(registration, rejectedAccessToken);
	}

	private WeChatApiAccessToken fetch(WeChatRegistration registration) {
		String refused = cache().takeRejected(registration);
		WeChatApiAccessToken token = this.client.fetch(registration, false);
		return WeChatApiAccessTokenCache.mustForceRefresh(refused, token) ? this.client.fetch(registration, true)
				: token;
	}

	private String await(CompletableFuture<String> fetch) {
		try {
			return fetch.get(getMaxWait().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WeChatApiException apiException) {
				throw apiException;
			}
			throw WeChatApiErrors.unavailable("access token", null,
					"fetch failed (" + ex.getCause().getClass().getSimpleName() + ")");
		}
		catch (TimeoutException ex) {
			throw WeChatApiErrors.unavailable("access token", null, "fetch did not finish within " + getMaxWait());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw WeChatApiErrors.unavailable("access token", null, "wait was interrupted");
		}
	}

}
