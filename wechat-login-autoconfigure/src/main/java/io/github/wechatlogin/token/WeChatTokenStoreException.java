package io.github.wechatlogin.token;

import java.io.Serial;

/**
 * Thrown when a token store cannot record or read state: full, or unreachable. Logins, refreshes
 * and logouts that meet it are answered {@code 503}; nothing is forgotten silently.
 *
 * @author wechat-login developers
 */
public class WeChatTokenStoreException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param message a message that names no token
	 */
	public WeChatTokenStoreException(String message) {
		super(message);
	}

	/**
	 * Create a new exception.
	 * @param message a message that names no token
	 * @param cause the cause
	 */
	public WeChatTokenStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
