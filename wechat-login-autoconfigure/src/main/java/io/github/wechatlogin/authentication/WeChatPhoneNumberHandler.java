package io.github.wechatlogin.authentication;

import io.github.wechatlogin.client.WeChatPhoneNumber;

import org.springframework.security.core.AuthenticationException;

/**
 * What the application does with the phone number a logged-in user bound at the phone number
 * endpoint ({@code POST {login-path}/phone-number}): store it on its user, perhaps grant other
 * authorities. Declare a bean of this type.
 * <p>
 * When the returned user differs from the given one ({@link WeChatUser#equals}: identity,
 * phone number included, and authorities), the endpoint answers a fresh token pair for it, in
 * the same login session. Without a handler the user stays as it is: the endpoint answers the
 * phone number and publishes a {@link WeChatPhoneNumberBoundEvent}, nothing else.
 *
 * @author wechat-login developers
 * @see WeChatPhoneNumberBoundEvent
 */
@FunctionalInterface
public interface WeChatPhoneNumberHandler {

	/**
	 * Bind a phone number to a user.
	 * @param user the caller, as its bearer token describes it (without a phone number unless
	 * tokens carry it)
	 * @param phoneNumber the phone number WeChat answered for the caller's code
	 * @return the user as it is now, for example with {@code WeChatUser.withRegistration(...)
	 * .identity(user.getIdentity()).authorities(...)}; the same user to leave the tokens as they
	 * are. It must be the same user (registration and name).
	 * @throws AuthenticationException to refuse the phone number (the endpoint answers
	 * {@code 403 access_denied}, or the error of a {@link WeChatAuthenticationException})
	 */
	WeChatUser bind(WeChatUser user, WeChatPhoneNumber phoneNumber) throws AuthenticationException;

}
