package io.github.wechatlogin.client;

import java.util.EnumMap;
import java.util.Map;

import io.github.wechatlogin.core.WeChatAppType;

import org.springframework.util.Assert;

/**
 * A {@link WeChatCodeExchanger} that delegates to the exchanger of the registration's
 * {@link WeChatAppType}.
 *
 * @author wechat-login developers
 */
public final class DelegatingWeChatCodeExchanger implements WeChatCodeExchanger {

	private final Map<WeChatAppType, WeChatCodeExchanger> exchangers;

	/**
	 * Create a new instance.
	 * @param exchangers the exchanger of each application type
	 */
	public DelegatingWeChatCodeExchanger(Map<WeChatAppType, WeChatCodeExchanger> exchangers) {
		Assert.notEmpty(exchangers, "exchangers cannot be empty");
		this.exchangers = new EnumMap<>(exchangers);
	}

	@Override
	public WeChatIdentity exchange(WeChatCodeExchangeRequest request) {
		WeChatAppType type = request.registration().getType();
		WeChatCodeExchanger exchanger = this.exchangers.get(type);
		Assert.state(exchanger != null, () -> "No WeChatCodeExchanger for application type " + type);
		return exchanger.exchange(request);
	}

}
