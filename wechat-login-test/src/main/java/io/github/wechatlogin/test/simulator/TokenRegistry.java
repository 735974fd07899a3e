package io.github.wechatlogin.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The access tokens minted by the simulator. Fetching a classic token revokes the app's
 * previous classic token; a stable token is handed out again while it is valid.
 *
 * @author wechat-login
 */
final class TokenRegistry {

	private final Map<String, IssuedToken> tokens = new HashMap<>();

	private final Map<String, IssuedToken> classicByApp = new HashMap<>();

	private final Map<String, IssuedToken> stableByApp = new HashMap<>();

	/**
	 * Mint a classic token, revoking the app's previous one.
	 * @param appId the app
	 * @param now the current instant
	 * @param ttl the lifetime of the token
	 * @return the new token
	 */
	synchronized IssuedToken issueClassic(String appId, Instant now, Duration ttl) {
		IssuedToken previous = this.classicByApp.get(appId);
		if (previous != null) {
			previous.revoked = true;
		}
		IssuedToken token = mint(appId, now, ttl);
		this.classicByApp.put(appId, token);
		return token;
	}

	/**
	 * Return the app's stable token, minting a new one if there is no valid one or if a
	 * refresh is forced (the previous one stays valid).
	 * @param appId the app
	 * @param now the current instant
	 * @param ttl the lifetime of a new token
	 * @param forceRefresh whether to mint a new token in any case
	 * @return the token
	 */
	synchronized IssuedToken stable(String appId, Instant now, Duration ttl, boolean forceRefresh) {
		IssuedToken current = this.stableByApp.get(appId);
		if (!forceRefresh && current != null && !current.revoked && !current.isExpired(now)) {
			return current;
		}
		IssuedToken token = mint(appId, now, ttl);
		this.stableByApp.put(appId, token);
		return token;
	}

	/**
	 * Revoke all tokens of an app.
	 * @param appId the app
	 */
	synchronized void revokeAll(String appId) {
		this.tokens.values().stream().filter((token) -> token.appId.equals(appId)).forEach((token) -> token.revoked = true);
	}

	/**
	 * Find a token.
	 * @param value the token value
	 * @return the token, or {@code null} if it was never minted
	 */
	synchronized @Nullable IssuedToken find(String value) {
		return this.tokens.get(value);
	}

	/**
	 * Forget all tokens.
	 */
	synchronized void clear() {
		this.tokens.clear();
		this.classicByApp.clear();
		this.stableByApp.clear();
	}

	private IssuedToken mint(String appId, Instant now, Duration ttl) {
		while (true) {
			IssuedToken token = new IssuedToken(Randoms.urlSafe(48), appId, now.plus(ttl));
			if (this.tokens.putIfAbsent(token.value, token) == null) {
				return token;
			}
		}
	}

	/**
	 * An access token.
	 */
	static final class IssuedToken {

		private final String value;

		private final String appId;

		private final Instant expiresAt;

		private volatile boolean revoked;

		IssuedToken(String value, String appId, Instant expiresAt) {
			this.value = value;
			this.appId = appId;
			this.expiresAt = expiresAt;
		}

		String value() {
			return this.value;
		}

		String appId() {
			return this.appId;
		}

		boolean isRevoked() {
			return this.revoked;
		}

		boolean isExpired(Instant now) {
			return !now.isBefore(this.expiresAt);
		}

		/**
		 * Return the number of seconds the token stays valid, rounded up.
		 * @param now the current instant
		 * @return the remaining lifetime in seconds, at least 0
		 */
		long expiresIn(Instant now) {
			long millis = Duration.between(now, this.expiresAt).toMillis();
			return Math.max(0, (millis + 999) / 1000);
		}

	}

}
