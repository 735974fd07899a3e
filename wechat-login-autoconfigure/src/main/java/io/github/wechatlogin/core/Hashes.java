package io.github.wechatlogin.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one-way hash under which secrets that must be recognized later (login codes, refresh
 * tokens) are stored, so that the stored form never reveals them.
 *
 * @author wechat-login developers
 */
public final class Hashes {

	// Cloned for each hash: MessageDigest.getInstance looks the algorithm up among the security
	// providers every time, which allocates more than the hash itself
	private static final MessageDigest SHA_256 = sha256Digest();

	private Hashes() {
	}

	/**
	 * Return the SHA-256 hash of a value's UTF-8 bytes, Base64URL-encoded without padding.
	 * @param value the value
	 * @return the hash
	 */
	public static String sha256(String value) {
		byte[] digest = newSha256().digest(value.getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	private static MessageDigest newSha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			return sha256Digest();
		}
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
