package io.github.wechatlogin.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Stores refresh tokens (by hash) so that each can be used once.
 *
 * @author wechat-login developers
 * @see InMemoryWeChatRefreshTokenStore
 */
public interface WeChatRefreshTokenStore {

	/**
	 * Store a newly issued refresh token.
	 * @param token the token
	 * @throws WeChatTokenStoreException if it cannot be stored
	 */
	void save(WeChatRefreshToken token);

	/**
	 * Atomically mark a refresh token used. A used token stays known until it expires, so that
	 * presenting it again is recognized as reuse.
	 * @param tokenHash the hash of the presented token
	 * @param now the current instant
	 * @return what was found
	 * @throws WeChatTokenStoreException if the store cannot be read
	 */
	Consumption consume(String tokenHash, Instant now);

	/**
	 * Undo the {@link #consume consumption} of a token whose refresh could not be completed for
	 * a reason that is not the client's (the application's user store did not answer), so that
	 * the client can try again with the same token rather than having it taken as reused.
	 * Defaults to {@link #save saving} the token again, which is enough for a store that keeps a
	 * used token under its own key.
	 * @param token the token as {@link #consume} returned it
	 */
	default void restore(WeChatRefreshToken token) {
		save(token);
	}

	/**
	 * The outcome of {@link #consume}.
	 *
	 * @param status what happened
	 * @param token the stored token, for {@link Status#CONSUMED} and {@link Status#REUSED}
	 */
	record Consumption(Status status, @Nullable WeChatRefreshToken token) {

		public Consumption {
			Assert.notNull(status, "status cannot be null");
			Assert.isTrue((status == Status.UNKNOWN) == (token == null), "token must be present unless UNKNOWN");
		}

		/**
		 * No such token, or an expired one.
		 * @return the consumption
		 */
		public static Consumption unknown() {
			return new Consumption(Status.UNKNOWN, null);
		}

	}

	/**
	 * What {@link #consume} found.
	 */
	enum Status {

		/**
		 * The token was valid and is now used.
		 */
		CONSUMED,

		/**
		 * The token had been used before: a sign that it was stolen.
		 */
		REUSED,

		/**
		 * No such token, or it expired.
		 */
		UNKNOWN

	}

}
