package io.github.wechatlogin.authentication;

import java.io.Serial;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;

/**
 * A login refused because its code was presented before (on this instance or, with a shared
 * guard, on another one): answered {@code invalid_code} without calling WeChat. A separate type
 * so that replays can be counted and alerted on.
 *
 * @author wechat-login developers
 */
public class WeChatCodeReplayException extends WeChatAuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 */
	public WeChatCodeReplayException() {
		super(new WeChatError(WeChatErrorCodes.INVALID_CODE,
				"The login code is invalid, expired or already used; obtain a new code"),
				"A login code was presented again");
	}

	/**
	 * Create a new exception for another kind of one-time code (such as a phone number code).
	 * @param error the error the client is answered with
	 * @param message a message that is safe to log
	 */
	public WeChatCodeReplayException(WeChatError error, String message) {
		super(error, message);
	}

}
