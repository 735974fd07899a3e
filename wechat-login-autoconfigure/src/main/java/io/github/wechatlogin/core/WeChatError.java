package io.github.wechatlogin.core;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An immutable error of the WeChat login: a code from {@link WeChatErrorCodes}, a description
 * that is safe to show to the client and, for errors that pass, how long the client should wait
 * before trying again ({@code Retry-After}). A description never contains a secret, a login code,
 * a {@code session_key} or a token.
 *
 * @author wechat-login developers
 */
public final class WeChatError implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String errorCode;

	private final @Nullable String description;

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new {@link WeChatError}.
	 * @param errorCode the error code, one of {@link WeChatErrorCodes}
	 */
	public WeChatError(String errorCode) {
		this(errorCode, null);
	}

	/**
	 * Create a new {@link WeChatError}.
	 * @param errorCode the error code, one of {@link WeChatErrorCodes}
	 * @param description a description safe to show to the client
	 */
	public WeChatError(String errorCode, @Nullable String description) {
		this(errorCode, description, null);
	}

	/**
	 * Create a new {@link WeChatError}.
	 * @param errorCode the error code, one of {@link WeChatErrorCodes}
	 * @param description a description safe to show to the client
	 * @param retryAfter how long the client should wait before trying again, if that is known
	 */
	public WeChatError(String errorCode, @Nullable String description, @Nullable Duration retryAfter) {
		Assert.hasText(errorCode, "errorCode cannot be empty");
		Assert.isTrue(retryAfter == null || !retryAfter.isNegative(), "retryAfter cannot be negative");
		this.errorCode = errorCode;
		this.description = description;
		this.retryAfter = retryAfter;
	}

	/**
	 * Return the {@link WeChatErrorCodes#UPSTREAM_UNAVAILABLE} error of an operation that could
	 * not be done right now, with {@link WeChatErrorCodes#UPSTREAM_UNAVAILABLE_RETRY_AFTER}.
	 * @param operation what could not be done, such as {@code "Login"}
	 * @return the error
	 */
	public static WeChatError unavailable(String operation) {
		return new WeChatError(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, operation + " is unavailable; try again later",
				WeChatErrorCodes.UPSTREAM_UNAVAILABLE_RETRY_AFTER);
	}

	/**
	 * Return the error code.
	 * @return the error code
	 */
	public String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Return the description, safe to show to the client.
	 * @return the description, or {@code null}
	 */
	public @Nullable String getDescription() {
		return this.description;
	}

	/**
	 * Return how long the client should wait before trying again.
	 * @return the delay, or {@code null} when it is not known or trying again will not help
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Return this error with another {@link #getRetryAfter() delay}.
	 * @param retryAfter how long the client should wait before trying again, or {@code null}
	 * @return the error
	 */
	public WeChatError withRetryAfter(@Nullable Duration retryAfter) {
		return Objects.equals(retryAfter, this.retryAfter) ? this
				: new WeChatError(this.errorCode, this.description, retryAfter);
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof WeChatError other)) {
			return false;
		}
		return this.errorCode.equals(other.errorCode) && Objects.equals(this.description, other.description)
				&& Objects.equals(this.retryAfter, other.retryAfter);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.errorCode, this.description, this.retryAfter);
	}

	@Override
	public String toString() {
		return "[" + this.errorCode + "] " + ((this.description != null) ? this.description : "");
	}

}
