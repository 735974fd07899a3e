package io.github.wechatlogin.core;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An immutable error of the WeChat login: a code from {@link WeChatErrorCodes} and a description
 * that is safe to show to the client. A description never contains a secret, a login code, a
 * {@code session_key} or a token.
 *
 * @author wechat-login developers
 */
public final class WeChatError implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String errorCode;

	private final @Nullable String description;

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
		Assert.hasText(errorCode, "errorCode cannot be empty");
		this.errorCode = errorCode;
		this.description = description;
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

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof WeChatError other)) {
			return false;
		}
		return this.errorCode.equals(other.errorCode) && Objects.equals(this.description, other.description);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.errorCode, this.description);
	}

	@Override
	public String toString() {
		return "[" + this.errorCode + "] " + ((this.description != null) ? this.description : "");
	}

}
