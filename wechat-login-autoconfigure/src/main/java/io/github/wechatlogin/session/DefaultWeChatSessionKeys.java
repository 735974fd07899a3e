package io.github.wechatlogin.session;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatSessionCheckClient;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * The {@link WeChatSessionKeys} of the starter: the user's key from a
 * {@link WeChatSessionKeyStore}, the registration (its app id and app key) from the
 * {@link WeChatRegistrationRepository}, {@code wxa/checksession} through a
 * {@link WeChatSessionCheckClient}. Everything but the session check is computed locally, with
 * the JDK's cryptography.
 *
 * @author wechat-login developers
 */
public final class DefaultWeChatSessionKeys implements WeChatSessionKeys {

	private static final Log logger = LogFactory.getLog(DefaultWeChatSessionKeys.class);

	private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
		.build()).build();

	private static final HexFormat HEX = HexFormat.of();

	private static final int BLOCK_SIZE = 16;

	private final WeChatRegistrationRepository registrations;

	private final WeChatSessionKeyStore store;

	private final WeChatSessionCheckClient sessionCheckClient;

	/**
	 * Create a new instance.
	 * @param registrations the registrations, for their app ids and app keys
	 * @param store the store of the users' keys
	 * @param sessionCheckClient the client of {@code wxa/checksession}
	 */
	public DefaultWeChatSessionKeys(WeChatRegistrationRepository registrations, WeChatSessionKeyStore store,
			WeChatSessionCheckClient sessionCheckClient) {
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(store, "store cannot be null");
		Assert.notNull(sessionCheckClient, "sessionCheckClient cannot be null");
		this.registrations = registrations;
		this.store = store;
		this.sessionCheckClient = sessionCheckClient;
	}

	@Override
	public String decrypt(WeChatUser user, String encryptedData, String iv) {
		WeChatRegistration registration = registration(user.getRegistrationId());
		byte[] key = decodeKey(requireSessionKey(user));
		byte[] data = base64(encryptedData, "encryptedData");
		byte[] initVector = base64(iv, "iv");
		if (initVector.length != BLOCK_SIZE) {
			throw invalid("The iv is not 16 bytes");
		}
		if (data.length == 0 || data.length % BLOCK_SIZE != 0) {
			throw invalid("The encryptedData is not a whole number of AES blocks");
		}
		byte[] plain;
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(initVector));
			plain = cipher.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			// a bad padding: data of another key (an older session_key), or tampered with
			throw invalid("The encryptedData cannot be decrypted with the user's session_key; "
					+ "it may have been encrypted before the user's latest login");
		}
		String json;
		try {
			json = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(plain))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw invalid("The decrypted data is not UTF-8 text");
		}
		JsonNode node;
		try {
			node = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw invalid("The decrypted data is not JSON");
		}
		if (node == null || !node.isObject()) {
			throw invalid("The decrypted data is not a JSON object");
		}
		JsonNode appId = node.path("watermark").get("appid");
		if (appId == null || !appId.isString() || !registration.getAppId().equals(appId.stringValue())) {
			throw invalid("The decrypted data carries the watermark of another app");
		}
		return json;
	}

	@Override
	public boolean verifySignature(WeChatUser user, String rawData, String signature) {
		Assert.notNull(rawData, "rawData cannot be null");
		String sessionKey = requireSessionKey(user);
		if (signature == null || signature.isEmpty()) {
			return false;
		}
		byte[] expected = HEX.formatHex(sha1(rawData + sessionKey)).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public boolean checkSession(WeChatUser user) {
		String openid = user.getOpenid();
		String sessionKey = findSessionKey(user);
		if (openid == null || sessionKey == null) {
			return false;
		}
		WeChatRegistration registration = registration(user.getRegistrationId());
		boolean valid;
		try {
			valid = this.sessionCheckClient.checkSession(registration, openid, hmacSha256(sessionKey, ""));
		}
		catch (WeChatApiException ex) {
			throw new WeChatSessionKeyException(ex.getError(), ex);
		}
		if (!valid) {
			forget(user, openid, sessionKey);
		}
		return valid;
	}

	@Override
	public String userSignature(WeChatUser user, String body) {
		Assert.notNull(body, "body cannot be null");
		return hmacSha256(requireSessionKey(user), body);
	}

	@Override
	public String paySignature(String registrationId, String uri, String body) {
		Assert.hasText(uri, "uri cannot be empty");
		Assert.notNull(body, "body cannot be null");
		WeChatRegistration registration = registration(registrationId);
		String appKey = registration.getAppKey();
		if (appKey == null) {
			String prefix = WeChatRegistration.DEFAULT_REGISTRATION_ID.equals(registrationId) ? "wechat.login"
					: "wechat.login.apps." + registrationId;
			logger.error("WeChat registration '" + registrationId + "' has no app key to sign pay_sig with; set "
					+ prefix + ".app-key to the AppKey of the mini program's virtual payment environment");
			throw misconfigured();
		}
		return hmacSha256(appKey, uri + "&" + body);
	}

	private WeChatRegistration registration(String registrationId) {
		WeChatRegistration registration = this.registrations.findByRegistrationId(registrationId);
		if (registration == null) {
			logger.error("No WeChat registration '" + registrationId + "' for a session key call");
			throw misconfigured();
		}
		return registration;
	}

	private String requireSessionKey(WeChatUser user) {
		String sessionKey = findSessionKey(user);
		if (sessionKey == null) {
			throw new WeChatSessionKeyException(new WeChatError(WeChatErrorCodes.SESSION_KEY_MISSING,
					"The server keeps no session_key for this login; log in again with wx.login"));
		}
		return sessionKey;
	}

	private @Nullable String findSessionKey(WeChatUser user) {
		String openid = user.getOpenid();
		if (openid == null) {
			return null;
		}
		try {
			return this.store.find(user.getRegistrationId(), openid);
		}
		catch (RuntimeException ex) {
			logger.warn("The session key store is unavailable: " + ex.getClass().getSimpleName());
			throw new WeChatSessionKeyException(WeChatError.unavailable("The session key store"));
		}
	}

	private void forget(WeChatUser user, String openid, String sessionKey) {
		try {
			// only the key WeChat refused: a login meanwhile may have saved a new one
			if (sessionKey.equals(this.store.find(user.getRegistrationId(), openid))) {
				this.store.remove(user.getRegistrationId(), openid);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not forget a refused session_key: " + ex.getClass().getSimpleName());
		}
	}

	private static byte[] decodeKey(String sessionKey) {
		try {
			byte[] key = Base64.getDecoder().decode(sessionKey);
			if (key.length == 16 || key.length == 24 || key.length == 32) {
				return key;
			}
		}
		catch (IllegalArgumentException ex) {
			// below
		}
		logger.warn("A stored session_key is not a base64 AES key; the user must log in again");
		throw new WeChatSessionKeyException(new WeChatError(WeChatErrorCodes.SESSION_KEY_MISSING,
				"The server keeps no usable session_key for this login; log in again with wx.login"));
	}

	private static byte[] base64(@Nullable String value, String name) {
		if (value == null || value.isEmpty()) {
			throw invalid("The " + name + " is missing");
		}
		try {
			return Base64.getDecoder().decode(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw invalid("The " + name + " is not base64");
		}
	}

	private static WeChatSessionKeyException invalid(String description) {
		return new WeChatSessionKeyException(new WeChatError(WeChatErrorCodes.INVALID_REQUEST, description));
	}

	private static WeChatSessionKeyException misconfigured() {
		return new WeChatSessionKeyException(
				new WeChatError(WeChatErrorCodes.SERVER_MISCONFIGURED, "The server's WeChat configuration is invalid"));
	}

	private static byte[] sha1(String value) {
		try {
			return MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

	private static String hmacSha256(String key, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HEX.formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
