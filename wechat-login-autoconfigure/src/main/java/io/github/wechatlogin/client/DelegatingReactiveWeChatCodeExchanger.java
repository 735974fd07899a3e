package io.github.wechatlogin.client;

import java.util.Map;

import io.github.wechatlogin.core.WeChatAppType;
import reactor.core.publisher.Mono;

/**
 * A {@link ReactiveWeChatCodeExchanger} that delegates to the exchanger of the registration's
 * {@link WeChatAppType}, as {@link DelegatingWeChatCodeExchanger} does on the servlet stack.
 *
 * @author wechat-login developers
 */
public final class DelegatingReactiveWeChatCodeExchanger implements ReactiveWeChatCodeExchanger {

	private final WeChatAppTypeDelegates<ReactiveWeChatCodeExchanger> exchangers;

	/**
	 * Create a new instance.
	 * @param exchangers the exchanger of each application type
	 */
	public DelegatingReactiveWeChatCodeExchanger(Map<WeChatAppType, ReactiveWeChatCodeExchanger> exchangers) {
		this.exchangers = new WeChatAppTypeDelegates<>(exchangers, ReactiveWeChatCodeExchanger.class);
	}

	@Override
	public Mono<WeChatIdentity> exchange(WeChatCodeExchangeRequest request) {
		return Mono.defer(() -> this.exchangers.get(request.registration().getType()).exchange(request));
	}

}
