package io.github.wechatlogin.client;

/**
 * Redeems a one-time phone number code for the phone number of the user it was issued to.
 * <p>
 * Implementations must send the openid so that WeChat refuses a code of another user, and must
 * not retry a call that may have reached WeChat: a code can be redeemed once, and each
 * successful call is billed.
 *
 * @author wechat-login developers
 * @see RestClientPhoneNumberClient
 */
@FunctionalInterface
public interface WeChatPhoneNumberClient {

	/**
	 * Redeem the code.
	 * @param request the request
	 * @return the phone number
	 * @throws WeChatApiException if WeChat refused the code or could not be asked
	 */
	WeChatPhoneNumber getPhoneNumber(WeChatPhoneNumberRequest request) throws WeChatApiException;

}
