package io.github.wechatlogin.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The HS256 key that signs and verifies access tokens: {@code wechat.login.token.secret}, or a
 * random key made at startup, with a warning, when none is set.
 *
 * @author wechat-login developers
 */
final class WeChatLoginTokenKey {

	static final int MIN_SECRET_BYTES = 32;

	private static final Log logger = LogFactory.getLog(WeChatLoginTokenKey.class);

	private final SecretKey secretKey;

	WeChatLoginTokenKey(@Nullable String secret) {
		if (secret == null || secret.isEmpty()) {
			logger.warn("wechat.login.token.secret is not set: access tokens are signed with a random key made at "
					+ "this start, so they will not survive a restart nor be accepted by other instances. Set "
					+ "wechat.login.token.secret to at least " + MIN_SECRET_BYTES + " random bytes.");
			byte[] random = new byte[MIN_SECRET_BYTES];
			new SecureRandom().nextBytes(random);
			this.secretKey = new SecretKeySpec(random, "HmacSHA256");
			return;
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new WeChatLoginConfigurationException(
					"wechat.login.token.secret has " + bytes.length + " bytes; HS256 needs at least "
							+ MIN_SECRET_BYTES + ".",
					"Set wechat.login.token.secret to at least " + MIN_SECRET_BYTES
							+ " random bytes, for example the output of 'openssl rand -base64 48'.");
		}
		this.secretKey = new SecretKeySpec(bytes, "HmacSHA256");
	}

	SecretKey getSecretKey() {
		return this.secretKey;
	}

}
