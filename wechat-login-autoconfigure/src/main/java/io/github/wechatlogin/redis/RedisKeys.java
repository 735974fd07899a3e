package io.github.wechatlogin.redis;

import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.core.WeChatRegistration;

/**
 * The key layout that the blocking and the reactive Redis stores share, so that both stacks
 * (and instances of either) see each other's entries.
 *
 * @author wechat-login developers
 */
final class RedisKeys {

	private RedisKeys() {
	}

	/**
	 * The key of a claimed login code: {@code {prefix}code:{appId}:{sha256(code)}}.
	 * @param keyPrefix the prefix of every key
	 * @param registration the registration the code is presented for
	 * @param code the code, which only its hash stands for
	 * @return the key
	 */
	static String code(String keyPrefix, WeChatRegistration registration, String code) {
		return keyPrefix + "code:" + InMemoryWeChatCodeGuard.key(registration, code);
	}

	/**
	 * The key of a revoked id: {@code {prefix}revoked:{id}}.
	 * @param keyPrefix the prefix of every key
	 * @param id the id ({@code jti:...} or {@code sid:...})
	 * @return the key
	 */
	static String revoked(String keyPrefix, String id) {
		return keyPrefix + "revoked:" + id;
	}

}
