package io.github.wechatlogin.client;

/**
 * Redeems a one-time WeChat login code for the identity of the user who obtained it.
 * <p>
 * Implementations must not retry a call that may have reached WeChat: a code can be redeemed
 * once, and a retry after a timeout would burn it.
 *
 * @author wechat-login developers
 * @see RestClientJsCode2SessionExchanger
 * @see RestClientCode2VerifyInfoExchanger
 * @see DelegatingWeChatCodeExchanger
 */
@FunctionalInterface
public interface WeChatCodeExchanger {

	/**
	 * Redeem the code.
	 * @param request the request
	 * @return the identity WeChat answered with
	 * @throws WeChatApiException if WeChat refused the code or could not be asked
	 */
	WeChatIdentity exchange(WeChatCodeExchangeRequest request) throws WeChatApiException;

}
