package io.github.wechatlogin.client;

import java.io.Serial;
import java.time.Duration;

import io.github.wechatlogin.core.WeChatError;
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

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new exception.
	 * @param error the error
	 * @param errcode the {@code errcode} WeChat answered with, if any
	 * @param retryAfter how long the client should wait before trying again, if that is known
	 * @param message a message that is safe to log
	 */
	public WeChatApiException(WeChatError error, @Nullable Integer errcode, @Nullable Duration retryAfter,
			String message) {
		super(message);
		Assert.notNull(error, "error cannot be null");
		this.error = error;
		this.errcode = errcode;
		this.retryAfter = retryAfter;
	}

	/**
	 * Return the error.
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
		return this.retryAfter;
	}

}
