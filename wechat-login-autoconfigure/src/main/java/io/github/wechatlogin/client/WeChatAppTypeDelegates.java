package io.github.wechatlogin.client;

import java.util.EnumMap;
import java.util.Map;

import io.github.wechatlogin.core.WeChatAppType;

import org.springframework.util.Assert;

/**
 * The delegate of each {@link WeChatAppType}, for the delegating exchangers of both stacks.
 *
 * @param <T> the type of the delegates
 * @author wechat-login developers
 */
final class WeChatAppTypeDelegates<T> {

	private final Map<WeChatAppType, T> delegates;

	private final String typeName;

	WeChatAppTypeDelegates(Map<WeChatAppType, T> delegates, Class<?> type) {
		Assert.notEmpty(delegates, "exchangers cannot be empty");
		this.delegates = new EnumMap<>(delegates);
		this.typeName = type.getSimpleName();
	}

	T get(WeChatAppType type) {
		T delegate = this.delegates.get(type);
		Assert.state(delegate != null, () -> "No " + this.typeName + " for application type " + type);
		return delegate;
	}

}
