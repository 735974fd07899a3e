package io.github.wechatlogin.authentication;

import java.io.Serial;

import io.github.wechatlogin.core.WeChatError;

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

	/**
	 * Create a new exception.
	 * @param error the error, with how long the client should wait before trying again if that
	 * is known
	 * @param message a message that is safe to log
	 */
	public WeChatAuthenticationServiceException(WeChatError error, String message) {
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
