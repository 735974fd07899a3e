package io.github.wechatlogin.client;

import java.time.Clock;
import java.time.Duration;

import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.util.Assert;

/**
 * The base of the caching access-token providers of both stacks
 * ({@link CachingWeChatApiAccessTokenProvider}, {@link CachingReactiveWeChatApiAccessTokenProvider}):
 * one {@link WeChatApiAccessTokenCache} each, so that the cache, the backoff after a failure,
 * the handling of refused tokens and the forgetting of rotated secrets are the same code on both.
 * A reactive provider may share the cache of a blocking one (a WebFlux application that also calls
 * the blocking clients: session checks), so that the two hold one token per app rather than
 * fetching two that knock each other out with the classic endpoint.
 * Only this package extends it.
 *
 * @author wechat-login developers
 */
public abstract class AbstractCachingWeChatApiAccessTokenProvider {

	private final WeChatApiAccessTokenCache cache;

	private Duration maxWait = Duration.ofSeconds(15);

	AbstractCachingWeChatApiAccessTokenProvider() {
		this.cache = new WeChatApiAccessTokenCache();
	}

	/**
	 * Share the cache of another provider: the same tokens, backoff, refused tokens and
	 * settings (a setter of either sets both).
	 */
	AbstractCachingWeChatApiAccessTokenProvider(AbstractCachingWeChatApiAccessTokenProvider sharedWith) {
		this.cache = sharedWith.cache;
	}

	/**
	 * Set the clock. Defaults to the system UTC clock.
	 * @param clock the clock
	 */
	public final void setClock(Clock clock) {
		this.cache.setClock(clock);
	}

	/**
	 * Set how long before its expiry a token is fetched anew (at most half its lifetime).
	 * Defaults to 5 minutes.
	 * @param refreshBeforeExpiry the margin
	 */
	public final void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
		this.cache.setRefreshBeforeExpiry(refreshBeforeExpiry);
	}

	/**
	 * Set how long a failed fetch is answered from memory before WeChat is asked again, so that
	 * an outage or a misconfiguration does not turn every login into a token fetch (WeChat limits
	 * them per day). Defaults to 5 seconds; zero turns it off.
	 * @param failureBackoff the backoff
	 */
	public final void setFailureBackoff(Duration failureBackoff) {
		this.cache.setFailureBackoff(failureBackoff);
	}

	/**
	 * Set how long a caller waits for the fetch of a token that another caller started (on the
	 * reactive provider, for its own fetch too); when it is up, the caller fails as WeChat being
	 * unavailable and the fetch goes on for the others. Defaults to 15 seconds; set it above the
	 * connect and read timeouts together.
	 * @param maxWait the longest wait
	 */
	public final void setMaxWait(Duration maxWait) {
		Assert.notNull(maxWait, "maxWait cannot be null");
		Assert.isTrue(!maxWait.isNegative() && !maxWait.isZero(), "maxWait must be positive");
		this.maxWait = maxWait;
	}

	final Duration getMaxWait() {
		return this.maxWait;
	}

	/**
	 * Return what is known of the app's token, from memory only.
	 * @param registration the registration
	 * @return the status
	 */
	public final WeChatApiAccessTokenStatus getStatus(WeChatRegistration registration) {
		return this.cache.status(registration);
	}

	/**
	 * Return how many tokens, refused tokens and failures are kept (for tests).
	 */
	final int entries() {
		return this.cache.entries();
	}

	final WeChatApiAccessTokenCache cache() {
		return this.cache;
	}

}
