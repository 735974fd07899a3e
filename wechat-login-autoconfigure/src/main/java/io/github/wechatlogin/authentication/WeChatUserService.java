package io.github.wechatlogin.authentication;

import org.springframework.security.core.AuthenticationException;

/**
 * Loads, or creates, the application's user for a WeChat identity and decides its authorities.
 * Called once per successful login; the authorities then travel in the issued token.
 * <p>
 * Declare a bean of this type to find or register users in your own store; throw an
 * {@link AuthenticationException} (for example {@code DisabledException}) to refuse a login.
 *
 * @author wechat-login developers
 * @see DefaultWeChatUserService
 */
@FunctionalInterface
public interface WeChatUserService {

	/**
	 * Load the user.
	 * @param request the registration and the identity WeChat answered with
	 * @return the user; never with the {@code session_key}
	 * @throws AuthenticationException to refuse the login
	 */
	WeChatUser loadUser(WeChatUserRequest request) throws AuthenticationException;

}
