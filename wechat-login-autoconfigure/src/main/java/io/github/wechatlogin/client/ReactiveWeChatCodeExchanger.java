package io.github.wechatlogin.client;

import reactor.core.publisher.Mono;

/**
 * Redeems a one-time WeChat login code for the identity of the user who obtained it, without
 * blocking: the reactive twin of {@link WeChatCodeExchanger}.
 * <p>
 * Implementations must not retry a call that may have reached WeChat: a code can be redeemed
 * once, and a retry after a timeout would burn it.
 *
 * @author wechat-login developers
 * @see WebClientJsCode2SessionExchanger
 * @see WebClientCode2VerifyInfoExchanger
 * @see DelegatingReactiveWeChatCodeExchanger
 */
@FunctionalInterface
public interface ReactiveWeChatCodeExchanger {

	/**
	 * Redeem the code.
	 * @param request the request
	 * @return the identity WeChat answered with, or a {@link WeChatApiException} if WeChat
	 * refused the code or could not be asked
	 */
	Mono<WeChatIdentity> exchange(WeChatCodeExchangeRequest request);

}
