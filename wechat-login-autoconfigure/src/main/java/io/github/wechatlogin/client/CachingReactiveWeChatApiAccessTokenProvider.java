package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wechatlogin.core.WeChatRegistration;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

/**
 * A {@link ReactiveWeChatApiAccessTokenProvider} that caches each app's token in memory until
 * shortly before it expires, and fetches it through a {@link ReactiveWeChatApiAccessTokenClient}
 * once however many subscribers ask at the same time: the first one starts the fetch, a
 * {@link Mono#cache() cached} {@code Mono} that every later subscriber shares until it
 * completes. A subscriber that cancels does not cancel the fetch, which goes on and fills the
 * cache for the next one.
 * <p>
 * The cache, the backoff after a failed fetch, the forced refresh after a refused token and the
 * forgetting of rotated secrets are those of {@link CachingWeChatApiAccessTokenProvider} (one
 * shared implementation). Each subscriber waits for the shared fetch at most
 * {@link #setMaxWait maxWait} (its own timeout, which leaves the fetch running for the others); a
 * fetch that fails with anything but a {@link WeChatApiException} fails its subscribers as WeChat
 * being unavailable, as the waiters of the blocking provider do.
 *
 * @author wechat-login developers
 */
public final class CachingReactiveWeChatApiAccessTokenProvider extends AbstractCachingWeChatApiAccessTokenProvider
		implements ReactiveWeChatApiAccessTokenProvider {

	private final ReactiveWeChatApiAccessTokenClient client;

	private final ConcurrentMap<String, Mono<String>> fetches = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param client the client that fetches tokens from WeChat
	 */
	public CachingReactiveWeChatApiAccessTokenProvider(ReactiveWeChatApiAccessTokenClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
	}

	/**
	 * Create a new instance that shares the cache of a blocking provider: a token that either
	 * fetched serves both, a token that either saw refused is refused for both, and so is a
	 * failure's backoff (and the status that {@link #getStatus} reports, on either). Each keeps its
	 * own single flight. The settings of the cache ({@link #setRefreshBeforeExpiry},
	 * {@link #setFailureBackoff}, {@link #setClock}) are shared too.
	 * @param client the client that fetches tokens from WeChat
	 * @param sharedWith the blocking provider whose cache this one uses
	 */
	public CachingReactiveWeChatApiAccessTokenProvider(ReactiveWeChatApiAccessTokenClient client,
			CachingWeChatApiAccessTokenProvider sharedWith) {
		super(sharedWith);
		Assert.notNull(client, "client cannot be null");
		this.client = client;
	}

	@Override
	public Mono<String> getAccessToken(WeChatRegistration registration) {
		Assert.notNull(registration, "registration cannot be null");
		return Mono.defer(() -> {
			String fresh = cache().fresh(registration);
			if (fresh != null) {
				return Mono.just(fresh);
			}
			WeChatApiException backoff = cache().backoff(registration);
			if (backoff != null) {
				return Mono.error(backoff);
			}
			Duration wait = getMaxWait();
			// the timeout is this subscriber's: the shared fetch is not cancelled by it
			return this.fetches.computeIfAbsent(registration.getAccessTokenCacheKey(),
					(key) -> sharedFetch(registration, key))
				.timeout(wait, Mono.error(() -> WeChatApiErrors.unavailable("access token", null,
						"fetch did not finish within " + wait)))
				.onErrorMap((ex) -> !(ex instanceof WeChatApiException), WeChatApiErrors::accessTokenFailed);
		});
	}

	@Override
	public Mono<Void> invalidate(WeChatRegistration registration, String rejectedAccessToken) {
		return Mono.fromRunnable(() -> cache().invalidate(registration, rejectedAccessToken));
	}

	/**
	 * The one fetch of a key that its subscribers share; it leaves the map when it ends, so that
	 * the next subscriber reads the cache (or the backoff) instead of its cached outcome.
	 */
	private Mono<String> sharedFetch(WeChatRegistration registration, String key) {
		AtomicReference<Mono<String>> self = new AtomicReference<>();
		Mono<String> fetch = Mono.defer(() -> {
			String fresh = cache().fresh(registration);
			return (fresh != null) ? Mono.just(fresh) : fetch(registration);
		})
			.doOnError((ex) -> cache().failed(registration, ex))
			// before the outcome reaches the subscribers (doFinally would run after, so a
			// subscriber that came in between, after an invalidation, got the stale outcome)
			.doOnSuccess((token) -> this.fetches.remove(key, self.get()))
			.doOnError((ex) -> this.fetches.remove(key, self.get()))
			.cache();
		self.set(fetch);
		return fetch;
	}

	private Mono<String> fetch(WeChatRegistration registration) {
		String refused = cache().takeRejected(registration);
		return this.client.fetch(registration, false)
			.flatMap((token) -> WeChatApiAccessTokenCache.mustForceRefresh(refused, token)
					? this.client.fetch(registration, true) : Mono.just(token))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("The access token client answered nothing")))
			.map((token) -> cache().fetched(registration, token));
	}

}
