package io.github.wechatlogin.authentication;

import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.util.Assert;

/**
 * What a {@link WeChatUserService} gets to load a user: the registration and the identity.
 * <p>
 * At login, the identity is the one WeChat answered the code with (including the
 * {@code session_key} of a classic mini program login, for applications that need it). When a
 * login session is {@link #refresh() refreshed}, the service is asked again, with the identity
 * stored at login and no {@code session_key}: it may refuse the user now (throw an
 * {@code AuthenticationException}, for example {@code DisabledException} for a banned user) or
 * grant other authorities, which the new access token then carries.
 *
 * @param registration the registration
 * @param identity the identity
 * @param refresh whether a login session is being refreshed (no WeChat call, no
 * {@code session_key}) rather than a code redeemed
 * @author wechat-login developers
 */
public record WeChatUserRequest(WeChatRegistration registration, WeChatIdentity identity, boolean refresh) {

	public WeChatUserRequest {
		Assert.notNull(registration, "registration cannot be null");
		Assert.notNull(identity, "identity cannot be null");
	}

	/**
	 * Create the request of a login.
	 * @param registration the registration
	 * @param identity the identity WeChat answered with
	 */
	public WeChatUserRequest(WeChatRegistration registration, WeChatIdentity identity) {
		this(registration, identity, false);
	}

	/**
	 * Create the request of a refresh.
	 * @param registration the registration of the session
	 * @param identity the identity stored at login
	 * @return the request
	 */
	public static WeChatUserRequest forRefresh(WeChatRegistration registration, WeChatIdentity identity) {
		return new WeChatUserRequest(registration, identity.withoutSessionKey(), true);
	}

}
