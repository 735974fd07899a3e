package io.github.wechatlogin.token;

import java.time.Clock;
import java.time.Instant;

import io.github.wechatlogin.core.ExpiringMap;

import org.springframework.util.Assert;

/**
 * A {@link WeChatTokenRevocationStore} in memory, for a single instance. Entries are forgotten
 * once the revoked tokens have expired. Bounded: when it holds {@code maxEntries} live
 * revocations a further one fails rather than forgetting one.
 *
 * @author wechat-login developers
 */
public final class InMemoryWeChatTokenRevocationStore implements WeChatTokenRevocationStore {

	/**
	 * The default bound.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private final ExpiringMap<Boolean> revocations;

	/**
	 * Create a store with the default bound and the system clock.
	 */
	public InMemoryWeChatTokenRevocationStore() {
		this(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param maxEntries the most live revocations held
	 * @param clock the clock
	 */
	public InMemoryWeChatTokenRevocationStore(int maxEntries, Clock clock) {
		this.revocations = new ExpiringMap<>(maxEntries, clock);
	}

	@Override
	public void revoke(String id, Instant until) {
		Assert.hasText(id, "id cannot be empty");
		Assert.notNull(until, "until cannot be null");
		try {
			this.revocations.put(id, Boolean.TRUE, until);
		}
		catch (ExpiringMap.StoreFullException ex) {
			throw new WeChatTokenStoreException(ex.getMessage(), ex);
		}
	}

	@Override
	public boolean isRevoked(String id) {
		return this.revocations.get(id) != null;
	}

}
