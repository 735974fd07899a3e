package io.github.wechatlogin.authentication;

import java.io.Serial;
import java.time.Duration;

import io.github.wechatlogin.core.WeChatError;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.util.Assert;

/**
 * A WeChat login that failed for a reason on the server's side: WeChat unavailable, or this
 * server's WeChat configuration refused. Carries the {@link WeChatError} the client is answered
 * with.
 *
 * @author wechat-login developers
 * @see WeChatAuthenticationException
 */
public class WeChatAuthenticationServiceException extends AuthenticationServiceException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final WeChatError error;

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new exception.
	 * @param error the error
	 * @param retryAfter how long the client should wait before trying again, if known
	 * @param message a message that is safe to log
	 */
	public WeChatAuthenticationServiceException(WeChatError error, @Nullable Duration retryAfter, String message) {
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
