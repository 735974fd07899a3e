package io.github.wechatlogin.authentication;

import java.io.Serial;

import io.github.wechatlogin.client.WeChatPhoneNumber;

import org.springframework.context.ApplicationEvent;
import org.springframework.util.Assert;

/**
 * Published when a logged-in user bound a phone number at the phone number endpoint, after the
 * {@link WeChatPhoneNumberHandler} (if any) accepted it: whether or not the application declares
 * a handler. The source is the user as the handler returned it.
 * <p>
 * Personal information: {@link #toString()} does not show the number.
 *
 * @author wechat-login developers
 */
public class WeChatPhoneNumberBoundEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final WeChatPhoneNumber phoneNumber;

	/**
	 * Create a new event.
	 * @param user the user, as the handler returned it
	 * @param phoneNumber the phone number
	 */
	public WeChatPhoneNumberBoundEvent(WeChatUser user, WeChatPhoneNumber phoneNumber) {
		super(user);
		Assert.notNull(phoneNumber, "phoneNumber cannot be null");
		this.phoneNumber = phoneNumber;
	}

	/**
	 * Return the user, as the handler returned it.
	 * @return the user
	 */
	public WeChatUser getUser() {
		return (WeChatUser) getSource();
	}

	/**
	 * Return the phone number.
	 * @return the phone number
	 */
	public WeChatPhoneNumber getPhoneNumber() {
		return this.phoneNumber;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[user=" + getUser().getName() + ", phoneNumber=" + this.phoneNumber
				+ "]";
	}

}
