package io.github.wechatlogin.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

/**
 * The demo's store of its users' phone numbers, in memory (a real application keeps them in its
 * user table, as personal information: see docs/security.md). Keyed by the stable
 * {@link WeChatUser#getName() user name}.
 *
 * @author wechat-login developers
 */
class DemoPhoneNumbers {

	private final Map<String, String> numbers = new ConcurrentHashMap<>();

	void bind(String userName, String phoneNumber) {
		this.numbers.put(userName, phoneNumber);
	}

	@Nullable String find(String userName) {
		return this.numbers.get(userName);
	}

}
