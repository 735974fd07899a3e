package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.util.Assert;

/**
 * A request to redeem a one-time phone number code ({@code e.detail.code} of a
 * {@code open-type="getPhoneNumber"} button) for the phone number of the user it was issued to.
 *
 * @param registration the mini program the code was issued by
 * @param code the one-time phone number code
 * @param openid the openid of the user presenting the code: WeChat checks that the code was
 * issued to that user
 * @author wechat-login developers
 */
public record WeChatPhoneNumberRequest(WeChatRegistration registration, String code, String openid) {

	public WeChatPhoneNumberRequest {
		Assert.notNull(registration, "registration cannot be null");
		Assert.hasText(code, "code cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
	}

	@Override
	public String toString() {
		return "WeChatPhoneNumberRequest[registration=" + this.registration.getRegistrationId()
				+ ", code=[PROTECTED], openid=" + this.openid + "]";
	}

}
