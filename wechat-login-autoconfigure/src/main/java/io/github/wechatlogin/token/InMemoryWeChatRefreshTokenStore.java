package io.github.wechatlogin.token;

import java.time.Clock;
import java.time.Instant;

import io.github.wechatlogin.core.ExpiringMap;

import org.springframework.util.Assert;

/**
 * A {@link WeChatRefreshTokenStore} in memory, for a single instance. Entries, used or not, are
 * forgotten once expired. Bounded: when it holds {@code maxEntries} live tokens, a new login
 * fails rather than forgetting one.
 *
 * @author wechat-login developers
 */
public final class InMemoryWeChatRefreshTokenStore implements WeChatRefreshTokenStore {

	/**
	 * The default bound.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private final ExpiringMap<Stored> tokens;

	/**
	 * Create a store with the default bound and the system clock.
	 */
	public InMemoryWeChatRefreshTokenStore() {
		this(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param maxEntries the most live tokens held
	 * @param clock the clock
	 */
	public InMemoryWeChatRefreshTokenStore(int maxEntries, Clock clock) {
		this.tokens = new ExpiringMap<>(maxEntries, clock);
	}

	@Override
	public void save(WeChatRefreshToken token) {
		Assert.notNull(token, "token cannot be null");
		try {
			this.tokens.put(token.tokenHash(), new Stored(token, false), token.expiresAt());
		}
		catch (ExpiringMap.StoreFullException ex) {
			throw new WeChatTokenStoreException(ex.getMessage(), ex);
		}
	}

	@Override
	public Consumption consume(String tokenHash, Instant now) {
		Stored before = this.tokens.update(tokenHash, (hash, stored) -> new Stored(stored.token(), true));
		if (before == null || !now.isBefore(before.token().expiresAt())) {
			return Consumption.unknown();
		}
		return new Consumption(before.used() ? Status.REUSED : Status.CONSUMED, before.token());
	}

	private record Stored(WeChatRefreshToken token, boolean used) {
	}

}
