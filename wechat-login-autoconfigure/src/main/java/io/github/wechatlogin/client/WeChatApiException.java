package io.github.wechatlogin.client;

import java.io.Serial;
import java.time.Duration;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Thrown when a WeChat API call fails: WeChat answered with an {@code errcode}, could not be
 * reached, or answered with something that is not a WeChat answer.
 * <p>
 * The message and the {@link #getError() error} are safe to log: they never contain the app
 * secret, the login code, a {@code session_key}, an access token or the request URL. For the
 * same reason the low-level cause is not attached; its type is named in the message.
 *
 * @author wechat-login developers
 */
public final class WeChatApiException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final WeChatError error;

	private final @Nullable Integer errcode;

	private final CodeOutcome codeOutcome;

	/**
	 * Create a new exception whose {@link #getCodeOutcome() code outcome} follows from the
	 * error: {@link CodeOutcome#NOT_REDEEMED} for {@code upstream_unavailable} and
	 * {@code server_misconfigured}, {@link CodeOutcome#POSSIBLY_REDEEMED} otherwise.
	 * @param error the error
	 * @param errcode the {@code errcode} WeChat answered with, if any
	 * @param retryAfter how long the client should wait before trying again, if that is known
	 * @param message a message that is safe to log
	 */
	public WeChatApiException(WeChatError error, @Nullable Integer errcode, @Nullable Duration retryAfter,
			String message) {
		this(error, errcode, retryAfter, defaultCodeOutcome(error), message);
	}

	/**
	 * Create a new exception.
	 * @param error the error
	 * @param errcode the {@code errcode} WeChat answered with, if any
	 * @param retryAfter how long the client should wait before trying again, if that is known
	 * @param codeOutcome what the failure tells of the login code the call carried
	 * @param message a message that is safe to log
	 */
	public WeChatApiException(WeChatError error, @Nullable Integer errcode, @Nullable Duration retryAfter,
			CodeOutcome codeOutcome, String message) {
		super(message);
		Assert.notNull(error, "error cannot be null");
		Assert.notNull(codeOutcome, "codeOutcome cannot be null");
		this.error = error.withRetryAfter(retryAfter);
		this.errcode = errcode;
		this.codeOutcome = codeOutcome;
	}

	private static CodeOutcome defaultCodeOutcome(WeChatError error) {
		Assert.notNull(error, "error cannot be null");
		String code = error.getErrorCode();
		return (WeChatErrorCodes.UPSTREAM_UNAVAILABLE.equals(code) || WeChatErrorCodes.SERVER_MISCONFIGURED.equals(code))
				? CodeOutcome.NOT_REDEEMED : CodeOutcome.POSSIBLY_REDEEMED;
	}

	/**
	 * Return the error, with the {@link #getRetryAfter() delay} the exception was created with.
	 * @return the error
	 */
	public WeChatError getError() {
		return this.error;
	}

	/**
	 * Return the {@code errcode} WeChat answered with.
	 * @return the errcode, or {@code null} when the failure was not a WeChat answer
	 */
	public @Nullable Integer getErrcode() {
		return this.errcode;
	}

	/**
	 * Return how long the client should wait before trying again.
	 * @return the delay, or {@code null} when trying again will not help
	 */
	public @Nullable Duration getRetryAfter() {
		return this.error.getRetryAfter();
	}

	/**
	 * Return what the failure tells of the login code the call carried, for a code exchange:
	 * whether WeChat may have redeemed it. The used-code guard gives its claim back unless it is
	 * {@link CodeOutcome#POSSIBLY_REDEEMED}.
	 * @return the outcome
	 */
	public CodeOutcome getCodeOutcome() {
		return this.codeOutcome;
	}

	/**
	 * Return a copy of this exception with another code outcome.
	 * @param codeOutcome the outcome
	 * @return the copy
	 */
	WeChatApiException withCodeOutcome(CodeOutcome codeOutcome) {
		if (codeOutcome == this.codeOutcome) {
			return this;
		}
		WeChatApiException copy = new WeChatApiException(this.error, this.errcode, this.error.getRetryAfter(), codeOutcome,
				getMessage());
		copy.setStackTrace(getStackTrace());
		return copy;
	}

	/**
	 * What a failed code exchange tells of its login code.
	 */
	public enum CodeOutcome {

		/**
		 * WeChat did not redeem the code: the call failed before the code was sent (no
		 * connection, no access token), or WeChat refused the call for a reason of the server's
		 * (configuration, access token, quota, system busy). The same code may be tried again.
		 */
		NOT_REDEEMED,

		/**
		 * WeChat refused the code as invalid: one it never issued, or an expired one
		 * ({@code jscode2session} errcode 40029; {@code code2verifyinfo} 10001000, and 10001001,
		 * which it also answers for a used code). Trying it again is harmless: WeChat refuses it
		 * again.
		 */
		INVALID,

		/**
		 * WeChat redeemed the code, or may have: it answered that the code was used (40163), it
		 * refused the user (blocked, rate-limited), or the call failed once the code was sent (a
		 * timeout, a reset connection, an HTTP error status, an answer that is not WeChat's).
		 */
		POSSIBLY_REDEEMED

	}

}
