package io.github.wechatlogin.client;

import java.util.Map;

import io.github.wechatlogin.core.WeChatAppType;

/**
 * A {@link WeChatCodeExchanger} that delegates to the exchanger of the registration's
 * {@link WeChatAppType}.
 *
 * @author wechat-login developers
 * @see DelegatingReactiveWeChatCodeExchanger
 */
public final class DelegatingWeChatCodeExchanger implements WeChatCodeExchanger {

	private final WeChatAppTypeDelegates<WeChatCodeExchanger> exchangers;

	/**
	 * Create a new instance.
	 * @param exchangers the exchanger of each application type
	 */
	public DelegatingWeChatCodeExchanger(Map<WeChatAppType, WeChatCodeExchanger> exchangers) {
		this.exchangers = new WeChatAppTypeDelegates<>(exchangers, WeChatCodeExchanger.class);
	}

	@Override
	public WeChatIdentity exchange(WeChatCodeExchangeRequest request) {
		return this.exchangers.get(request.registration().getType()).exchange(request);
	}

}
