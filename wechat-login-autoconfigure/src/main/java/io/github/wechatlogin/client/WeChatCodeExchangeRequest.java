package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.util.Assert;

/**
 * A request to redeem a one-time WeChat login code.
 *
 * @param registration the registration the code was issued for
 * @param code the one-time login code
 * @author wechat-login developers
 */
public record WeChatCodeExchangeRequest(WeChatRegistration registration, String code) {

	public WeChatCodeExchangeRequest {
		Assert.notNull(registration, "registration cannot be null");
		Assert.hasText(code, "code cannot be empty");
	}

	@Override
	public String toString() {
		return "WeChatCodeExchangeRequest[registration=" + this.registration.getRegistrationId() + ", code=[PROTECTED]]";
	}

}
