package io.github.wechatlogin.test.simulator;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random values minted by the simulator.
 *
 * @author wechat-login
 */
final class Randoms {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Randoms() {
	}

	/**
	 * Return a random URL-safe string (base64url without padding).
	 * @param bytes the number of random bytes to encode
	 * @return the string
	 */
	static String urlSafe(int bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(bytes));
	}

	/**
	 * Return a random base64 string (with padding), as WeChat's {@code session_key}.
	 * @param bytes the number of random bytes to encode
	 * @return the string
	 */
	static String base64(int bytes) {
		return Base64.getEncoder().encodeToString(bytes(bytes));
	}

	private static byte[] bytes(int count) {
		byte[] bytes = new byte[count];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
