package io.github.wechatlogin.core;

import java.time.Duration;
import java.util.Iterator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link WeChatRegistrationRepository} that keeps the lookups of another one (such as a
 * database) for a while, so that a login does not read the database each time. Unknown ids are
 * remembered too, in a cache of their own, so that requests for random ids neither reach the
 * database each time nor push known registrations out. Both caches are bounded.
 * <p>
 * A change in the database is seen after the time to live, or at once after
 * {@link #evict(String)}, {@link #evictAll()} or a {@link WeChatRegistrationChangedEvent}
 * published in the application context (eviction is local to this instance; other instances see
 * the change after their time to live). Iteration reads the delegate, uncached.
 *
 * @author wechat-login developers
 */
public final class CachingWeChatRegistrationRepository implements WeChatRegistrationRepository {

	/**
	 * The default time to live of a lookup.
	 */
	public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(60);

	/**
	 * The default largest number of registrations kept (and, separately, of unknown ids).
	 */
	public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

	private final WeChatRegistrationRepository delegate;

	private final Cache<String, WeChatRegistration> found;

	private final Cache<String, Boolean> missing;

	private final boolean caching;

	/** Counts the evictions: a miss read before one is not remembered after it. */
	private final java.util.concurrent.atomic.AtomicLong evictions = new java.util.concurrent.atomic.AtomicLong();

	/**
	 * Create a cache with {@link #DEFAULT_TIME_TO_LIVE} and {@link #DEFAULT_MAXIMUM_SIZE}.
	 * @param delegate the repository whose lookups are cached
	 */
	public CachingWeChatRegistrationRepository(WeChatRegistrationRepository delegate) {
		this(delegate, DEFAULT_TIME_TO_LIVE, DEFAULT_MAXIMUM_SIZE);
	}

	/**
	 * Create a cache.
	 * @param delegate the repository whose lookups are cached
	 * @param timeToLive how long a lookup (found or not) is kept; zero caches nothing
	 * @param maximumSize the largest number of registrations kept, and of unknown ids kept; zero
	 * caches nothing
	 */
	public CachingWeChatRegistrationRepository(WeChatRegistrationRepository delegate, Duration timeToLive,
			long maximumSize) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(timeToLive, "timeToLive cannot be null");
		Assert.isTrue(!timeToLive.isNegative(), "timeToLive cannot be negative");
		Assert.isTrue(maximumSize >= 0, "maximumSize cannot be negative");
		this.delegate = delegate;
		this.caching = !timeToLive.isZero() && maximumSize > 0;
		// maintenance (evictions) on the calling thread: the bounds hold at once, even in a flood
		this.found = Caffeine.newBuilder()
			.expireAfterWrite(timeToLive)
			.maximumSize(maximumSize)
			.executor(Runnable::run)
			.build();
		this.missing = Caffeine.newBuilder()
			.expireAfterWrite(timeToLive)
			.maximumSize(maximumSize)
			.executor(Runnable::run)
			.build();
	}

	@Override
	public @Nullable WeChatRegistration findByRegistrationId(String registrationId) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		if (!this.caching) {
			return this.delegate.findByRegistrationId(registrationId);
		}
		WeChatRegistration registration = this.found.getIfPresent(registrationId);
		if (registration != null) {
			return registration;
		}
		if (this.missing.getIfPresent(registrationId) != null) {
			return null;
		}
		long generation = this.evictions.get();
		// one load per id at a time: concurrent logins of a cold registration read it once
		registration = this.found.get(registrationId, this.delegate::findByRegistrationId);
		if (registration == null) {
			this.missing.put(registrationId, Boolean.TRUE);
			if (this.evictions.get() != generation) {
				// an eviction ran while the delegate was read: this miss may predate the
				// change it announced (an eviction after the put removes the entry itself)
				this.missing.invalidate(registrationId);
			}
		}
		return registration;
	}

	/**
	 * Forget what is known of a registration, so that the next lookup reads the delegate.
	 * @param registrationId the registration id
	 */
	public void evict(String registrationId) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		this.evictions.incrementAndGet();
		this.found.invalidate(registrationId);
		this.missing.invalidate(registrationId);
	}

	/**
	 * Forget every lookup.
	 */
	public void evictAll() {
		this.evictions.incrementAndGet();
		this.found.invalidateAll();
		this.missing.invalidateAll();
	}

	/**
	 * Return how many registrations and unknown ids are kept now (an estimate).
	 * @return the number of entries
	 */
	public long size() {
		this.found.cleanUp();
		this.missing.cleanUp();
		return this.found.estimatedSize() + this.missing.estimatedSize();
	}

	/**
	 * Return the registrations kept now (a copy), without reading the delegate.
	 * @return the cached registrations
	 */
	public java.util.List<WeChatRegistration> getCachedRegistrations() {
		return java.util.List.copyOf(this.found.asMap().values());
	}

	/**
	 * Return the repository whose lookups are cached.
	 * @return the delegate
	 */
	public WeChatRegistrationRepository getDelegate() {
		return this.delegate;
	}

	@Override
	public Iterator<WeChatRegistration> iterator() {
		return this.delegate.iterator();
	}

	@Override
	public String toString() {
		return "CachingWeChatRegistrationRepository[" + this.delegate + "]";
	}

}
