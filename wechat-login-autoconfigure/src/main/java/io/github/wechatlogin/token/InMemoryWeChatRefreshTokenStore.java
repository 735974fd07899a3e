package io.github.wechatlogin.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.wechatlogin.core.ExpiringMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * A {@link WeChatRefreshTokenStore} in memory, for a single instance. Entries, used or not, are
 * forgotten once expired. Bounded: when it holds {@code maxEntries} live tokens, the 1% that
 * expire soonest are dropped to make room, with a warning. That is safe: a forgotten refresh
 * token is refused, never accepted; its session must log in again.
 *
 * @author wechat-login developers
 */
public final class InMemoryWeChatRefreshTokenStore implements WeChatRefreshTokenStore {

	/**
	 * The default bound.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private static final Log logger = LogFactory.getLog(InMemoryWeChatRefreshTokenStore.class);

	private final ExpiringMap<Stored> tokens;

	private Duration usedTokenRetention = Duration.ofHours(24);

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
		int evicted = this.tokens.putEvictingSoonestExpiring(token.tokenHash(), new Stored(token, false),
				token.expiresAt());
		if (evicted > 0) {
			logger.warn("The in-memory refresh token store is full; dropped the " + evicted
					+ " refresh tokens that expire soonest (those sessions must log in again). Raise its limit or "
					+ "use wechat.login.store=redis");
		}
	}

	/**
	 * Set how long a used refresh token is remembered, so that presenting it again is recognized
	 * as reuse (and revokes its session); after that it is simply unknown, and still refused.
	 * Defaults to 24 hours.
	 * @param usedTokenRetention the retention
	 */
	public void setUsedTokenRetention(Duration usedTokenRetention) {
		Assert.isTrue(usedTokenRetention != null && !usedTokenRetention.isNegative(),
				"usedTokenRetention cannot be negative");
		this.usedTokenRetention = usedTokenRetention;
	}

	@Override
	public Consumption consume(String tokenHash, Instant now) {
		Stored before = this.tokens.update(tokenHash, (hash, stored) -> new Stored(stored.token(), true),
				now.plus(this.usedTokenRetention));
		if (before == null || !now.isBefore(before.token().expiresAt())) {
			return Consumption.unknown();
		}
		return new Consumption(before.used() ? Status.REUSED : Status.CONSUMED, before.token());
	}

	private record Stored(WeChatRefreshToken token, boolean used) {
	}

}
