package io.github.wechatlogin.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Authenticated encryption of the values of {@link RedisWeChatSessionKeyStore}: AES-256-GCM with
 * a random 12-byte nonce per value and a 128-bit tag, and associated data (the Redis key), so that
 * a value decrypts only under the key it was written to. A value is {@code v1.} and the base64 of
 * nonce and ciphertext.
 *
 * @author wechat-login developers
 */
public final class WeChatSessionKeyCipher {

	/**
	 * The length of the encryption key, in bytes.
	 */
	public static final int KEY_LENGTH = 32;

	private static final String VERSION = "v1.";

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Create a cipher.
	 * @param key the encryption key, 32 bytes
	 */
	public WeChatSessionKeyCipher(byte[] key) {
		Assert.isTrue(key != null && key.length == KEY_LENGTH, "key must be " + KEY_LENGTH + " bytes");
		this.key = new SecretKeySpec(Arrays.copyOf(key, KEY_LENGTH), "AES");
	}

	/**
	 * Create a cipher from a base64 key, as {@code openssl rand -base64 32} prints one.
	 * @param base64Key the encryption key, base64 of 32 bytes
	 * @return the cipher
	 * @throws IllegalArgumentException if the key is not base64 of 32 bytes (the message does not
	 * show it)
	 */
	public static WeChatSessionKeyCipher fromBase64(String base64Key) {
		Assert.hasText(base64Key, "key cannot be empty");
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64Key.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The key is not base64");
		}
		if (key.length != KEY_LENGTH) {
			throw new IllegalArgumentException("The key is " + key.length + " bytes, not " + KEY_LENGTH);
		}
		return new WeChatSessionKeyCipher(key);
	}

	/**
	 * Encrypt a value.
	 * @param plaintext the value
	 * @param associatedData what the value belongs to
	 * @return the encrypted value
	 */
	public String encrypt(String plaintext, String associatedData) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			ByteBuffer value = ByteBuffer.allocate(NONCE_LENGTH + sealed.length).put(nonce).put(sealed);
			return VERSION + Base64.getEncoder().encodeToString(value.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES/GCM is not available", ex);
		}
	}

	/**
	 * Decrypt a value.
	 * @param value the encrypted value
	 * @param associatedData what the value must belong to
	 * @return the value, or {@code null} if it was not encrypted by this key for that
	 * associated data (another encryption key, moved, tampered with)
	 */
	public @Nullable String decrypt(String value, String associatedData) {
		if (value == null || !value.startsWith(VERSION)) {
			return null;
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(value.substring(VERSION.length()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (bytes.length < NONCE_LENGTH + TAG_BITS / 8) {
			return null;
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_LENGTH));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] plain = cipher.doFinal(bytes, NONCE_LENGTH, bytes.length - NONCE_LENGTH);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "WeChatSessionKeyCipher[AES-256-GCM, key=[PROTECTED]]";
	}

}
