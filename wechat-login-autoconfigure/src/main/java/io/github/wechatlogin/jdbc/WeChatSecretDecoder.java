package io.github.wechatlogin.jdbc;

/**
 * Turns the {@code secret} column of a registration row into the app secret, for secrets stored
 * encrypted. For example, with Spring Security Crypto's {@code TextEncryptor}:
 *
 * <pre class="code">
 * &#64;Bean
 * WeChatSecretDecoder weChatSecretDecoder(TextEncryptor encryptor) {
 *     return (registrationId, secret) -&gt; encryptor.decrypt(secret);
 * }
 * </pre>
 *
 * A decoder that fails makes the row unusable (treated as an unknown registration and logged
 * without the secret); it never stops the other rows.
 *
 * @author wechat-login developers
 */
@FunctionalInterface
public interface WeChatSecretDecoder {

	/**
	 * Return the app secret of a row.
	 * @param registrationId the row's registration id
	 * @param storedSecret the value of the row's {@code secret} column
	 * @return the app secret
	 */
	String decode(String registrationId, String storedSecret);

	/**
	 * Return a decoder that answers the stored value itself (secrets stored in plain text).
	 * @return the decoder
	 */
	static WeChatSecretDecoder plainText() {
		return (registrationId, storedSecret) -> storedSecret;
	}

}
