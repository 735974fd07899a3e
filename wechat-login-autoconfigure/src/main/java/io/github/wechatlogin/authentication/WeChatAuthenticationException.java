package io.github.wechatlogin.authentication;

import java.io.Serial;
import java.time.Duration;

import io.github.wechatlogin.core.WeChatError;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * A WeChat login refused because of the request or the user: an invalid request, a code WeChat
 * refused, a blocked or rate-limited user. Carries the {@link WeChatError} the client is
 * answered with.
 *
 * @author wechat-login developers
 * @see WeChatAuthenticationServiceException
 */
public class WeChatAuthenticationException extends AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final WeChatError error;

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new exception whose message is the error's description.
	 * @param error the error
	 */
	public WeChatAuthenticationException(WeChatError error) {
		this(error, null, (error.getDescription() != null) ? error.getDescription() : error.getErrorCode());
	}

	/**
	 * Create a new exception.
	 * @param error the error
	 * @param retryAfter how long the client should wait before trying again, if known
	 * @param message a message that is safe to log
	 */
	public WeChatAuthenticationException(WeChatError error, @Nullable Duration retryAfter, String message) {
		super(message);
		Assert.notNull(error, "error cannot be null");
		this.error = error;
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
	 * Return how long the client should wait before trying again.
	 * @return the delay, or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

}
