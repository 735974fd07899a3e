package io.github.wechatlogin.autoconfigure;

import java.io.Serial;

/**
 * Thrown at startup when the {@code wechat.login.*} configuration cannot work. Its message says
 * what is wrong; {@link #getAction()} says what to set.
 *
 * @author wechat-login developers
 */
public class WeChatLoginConfigurationException extends IllegalStateException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String action;

	/**
	 * Create a new exception.
	 * @param description what is wrong; never a secret
	 * @param action what to set
	 */
	public WeChatLoginConfigurationException(String description, String action) {
		super(description + " " + action);
		this.action = action;
	}

	/**
	 * Return what to set.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

	/**
	 * Return what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		String message = getMessage();
		return message.substring(0, message.length() - this.action.length() - 1);
	}

}
