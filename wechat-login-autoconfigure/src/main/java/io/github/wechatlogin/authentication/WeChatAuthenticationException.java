package io.github.wechatlogin.authentication;

import java.io.Serial;

import io.github.wechatlogin.core.WeChatError;

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

	/**
	 * Create a new exception whose message is the error's description.
	 * @param error the error
	 */
	public WeChatAuthenticationException(WeChatError error) {
		this(error, (error.getDescription() != null) ? error.getDescription() : error.getErrorCode());
	}

	/**
	 * Create a new exception.
	 * @param error the error, with how long the client should wait before trying again if that
	 * is known
	 * @param message a message that is safe to log
	 */
	public WeChatAuthenticationException(WeChatError error, String message) {
		super(message);
		Assert.notNull(error, "error cannot be null");
		this.error = error;
	}

	/**
	 * Return the error.
	 * @return the error
	 */
	public WeChatError getError() {
		return this.error;
	}

}
