package io.github.wechatlogin.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The login codes minted by the simulator: valid for five minutes, for one app, and
 * redeemable once.
 *
 * @author wechat-login
 */
final class CodeRegistry {

	/**
	 * How long a code stays valid.
	 */
	static final Duration CODE_TTL = Duration.ofMinutes(5);

	private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();

	/**
	 * Mint a new code.
	 * @param appId the app the code is for
	 * @param user the user logging in
	 * @param now the current instant
	 * @return the code, 32 URL-safe characters
	 */
	String issue(String appId, SimulatedUser user, Instant now) {
		IssuedCode issued = new IssuedCode(appId, user, now.plus(CODE_TTL));
		while (true) {
			String code = Randoms.urlSafe(24);
			if (this.codes.putIfAbsent(code, issued) == null) {
				return code;
			}
		}
	}

	/**
	 * Make a code behave as expired.
	 * @param code the code
	 * @throws IllegalArgumentException if the code is unknown
	 */
	void expire(String code) {
		IssuedCode issued = this.codes.get(code);
		if (issued == null) {
			throw new IllegalArgumentException("Unknown code '" + code + "'");
		}
		issued.expire();
	}

	/**
	 * Redeem a code.
	 * @param code the code as received
	 * @param appId the app redeeming it
	 * @param now the current instant
	 * @param accepted which users the redeeming endpoint accepts; codes of other users are
	 * reported as {@link Outcome#UNKNOWN}
	 * @param rateLimiter the rate limiter to pass just before the code is consumed, or
	 * {@code null}
	 * @return the outcome, with the user on success
	 */
	Redemption redeem(String code, String appId, Instant now, Predicate<SimulatedUser> accepted,
			@Nullable RateLimiter rateLimiter) {
		IssuedCode issued = this.codes.get(code);
		if (issued == null || !issued.appId.equals(appId) || !accepted.test(issued.user)) {
			return new Redemption(Outcome.UNKNOWN, null);
		}
		return issued.redeem(now, rateLimiter);
	}

	/**
	 * Forget all codes.
	 */
	void clear() {
		this.codes.clear();
	}

	/**
	 * The outcome of a redemption.
	 */
	enum Outcome {

		/**
		 * The code was valid and is now used.
		 */
		REDEEMED,

		/**
		 * The code is unknown, or was minted for another app or another kind of login.
		 */
		UNKNOWN,

		/**
		 * The code has expired.
		 */
		EXPIRED,

		/**
		 * The code was redeemed before.
		 */
		USED,

		/**
		 * The rate limit for the user was reached; the code was not consumed.
		 */
		RATE_LIMITED

	}

	/**
	 * The result of a redemption.
	 *
	 * @param outcome the outcome
	 * @param user the user if the code was redeemed
	 */
	record Redemption(Outcome outcome, @Nullable SimulatedUser user) {

		SimulatedUser requiredUser() {
			return Objects.requireNonNull(this.user, "No user for outcome " + this.outcome);
		}

	}

	private static final class IssuedCode {

		private final String appId;

		private final SimulatedUser user;

		private final Instant expiresAt;

		private boolean expired;

		private boolean used;

		IssuedCode(String appId, SimulatedUser user, Instant expiresAt) {
			this.appId = appId;
			this.user = user;
			this.expiresAt = expiresAt;
		}

		synchronized void expire() {
			this.expired = true;
		}

		synchronized Redemption redeem(Instant now, @Nullable RateLimiter rateLimiter) {
			if (this.expired || !now.isBefore(this.expiresAt)) {
				return new Redemption(Outcome.EXPIRED, null);
			}
			if (this.used) {
				return new Redemption(Outcome.USED, null);
			}
			if (rateLimiter != null && !rateLimiter.tryAcquire(this.appId + "\n" + this.user.openid(), now)) {
				return new Redemption(Outcome.RATE_LIMITED, null);
			}
			this.used = true;
			return new Redemption(Outcome.REDEEMED, this.user);
		}

	}

}
