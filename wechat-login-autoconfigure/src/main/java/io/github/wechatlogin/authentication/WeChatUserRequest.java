package io.github.wechatlogin.authentication;

import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.util.Assert;

/**
 * What a {@link WeChatUserService} gets to load the user of a successful code exchange: the
 * registration and the identity WeChat answered with (including the {@code session_key} of a
 * classic mini program login, for applications that need it).
 *
 * @param registration the registration
 * @param identity the identity WeChat answered with
 * @author wechat-login developers
 */
public record WeChatUserRequest(WeChatRegistration registration, WeChatIdentity identity) {

	public WeChatUserRequest {
		Assert.notNull(registration, "registration cannot be null");
		Assert.notNull(identity, "identity cannot be null");
	}

}
