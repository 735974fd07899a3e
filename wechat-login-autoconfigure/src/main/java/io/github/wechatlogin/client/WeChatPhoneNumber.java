package io.github.wechatlogin.client;

import java.io.Serial;
import java.io.Serializable;

import org.springframework.util.Assert;

/**
 * A user's phone number as WeChat answered it for a phone number code
 * ({@code wx.getPhoneNumber}, the real-time phone number component): {@code phoneNumber}
 * (with the country code for numbers outside mainland China), {@code purePhoneNumber} (without
 * it) and {@code countryCode}.
 * <p>
 * Personal information: {@link #toString()} shows only the country code, so that the number does
 * not end up in logs.
 *
 * @param phoneNumber the phone number as WeChat shows it
 * @param purePhoneNumber the phone number without country code
 * @param countryCode the country code, such as {@code 86}
 * @author wechat-login developers
 */
public record WeChatPhoneNumber(String phoneNumber, String purePhoneNumber, String countryCode)
		implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public WeChatPhoneNumber {
		Assert.hasText(phoneNumber, "phoneNumber cannot be empty");
		Assert.notNull(purePhoneNumber, "purePhoneNumber cannot be null");
		Assert.notNull(countryCode, "countryCode cannot be null");
	}

	@Override
	public String toString() {
		return "WeChatPhoneNumber[countryCode=" + this.countryCode + ", phoneNumber=[PROTECTED]]";
	}

}
