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

import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.authentication.WeChatRegistrationLookups;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatSessionCheckClient;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
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
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build()).build();

	private static final HexFormat HEX = HexFormat.of();

	private static final int BLOCK_SIZE = 16;

	// far above any encryptedData of WeChat's (WeRun's 30 days are a few KiB)
	private static final int MAX_ENCODED_LENGTH = 64 * 1024;

	static final String UNDECRYPTABLE = "The encryptedData cannot be decrypted with the user's session_key; "
			+ "it may have been encrypted before the user's latest login, or altered";

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
	public String decrypt(@Nullable WeChatUser user, @Nullable String encryptedData, @Nullable String iv) {
		UserKey userKey = requireSessionKey(user);
		byte[] key = decodeKey(userKey.sessionKey());
		if ((encryptedData != null && encryptedData.length() > MAX_ENCODED_LENGTH)
				|| (iv != null && iv.length() > MAX_ENCODED_LENGTH)) {
			throw undecryptable();
		}
		byte[] data = base64(encryptedData, "encryptedData");
		byte[] initVector = base64(iv, "iv");
		if (initVector.length != BLOCK_SIZE) {
			throw invalid("The iv is not 16 bytes");
		}
		if (data.length == 0 || data.length % BLOCK_SIZE != 0) {
			throw invalid("The encryptedData is not a whole number of AES blocks");
		}
		// From here every failure (padding, UTF-8, JSON, object, watermark) answers the same
		// exception, and each step runs even when an earlier one failed: the caller chooses the
		// iv, so distinct answers would be a padding oracle that lets it forge plaintext.
		byte[] raw;
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(initVector));
			raw = cipher.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw undecryptable();
		}
		int padding = raw[raw.length - 1] & 0xff;
		int bad = ((padding == 0) ? 1 : 0) | ((padding > BLOCK_SIZE) ? 1 : 0);
		for (int i = 1; i <= BLOCK_SIZE; i++) {
			bad |= ((i <= padding) ? (raw[raw.length - i] & 0xff) ^ padding : 0);
		}
		boolean valid = bad == 0;
		int end = valid ? raw.length - padding : raw.length;
		String json = null;
		try {
			json = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(raw, 0, end))
				.toString();
			JsonNode node = JSON.readTree(json);
			JsonNode appId = (node != null && node.isObject()) ? node.path("watermark").get("appid") : null;
			valid &= appId != null && appId.isString() && userKey.registration().getAppId().equals(appId.stringValue());
		}
		catch (CharacterCodingException | JacksonException ex) {
			valid = false;
		}
		if (!valid || json == null) {
			throw undecryptable();
		}
		return json;
	}

	@Override
	public boolean verifySignature(@Nullable WeChatUser user, @Nullable String rawData, @Nullable String signature) {
		String sessionKey = requireSessionKey(user).sessionKey();
		if (rawData == null || signature == null || signature.isEmpty()) {
			return false;
		}
		byte[] expected = HEX.formatHex(sha1(rawData + sessionKey)).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public boolean checkSession(@Nullable WeChatUser user) {
		if (user == null || user.getOpenid() == null) {
			return false;
		}
		WeChatRegistration registration;
		try {
			registration = miniProgram(user);
		}
		catch (WeChatSessionKeyException ex) {
			if (WeChatErrorCodes.SESSION_KEY_MISSING.equals(ex.getError().getErrorCode())) {
				// the registration is gone, disabled or of another app id now: no key, as below
				return false;
			}
			throw ex;
		}
		String openid = user.getOpenid();
		String sessionKey = findSessionKey(registration, openid);
		if (sessionKey == null) {
			return false;
		}
		boolean valid;
		try {
			valid = this.sessionCheckClient.checkSession(registration, openid, hmacSha256(sessionKey, ""));
		}
		catch (WeChatApiException ex) {
			throw new WeChatSessionKeyException(ex.getError(), ex);
		}
		if (!valid) {
			forget(registration, openid, sessionKey);
		}
		return valid;
	}

	@Override
	public String userSignature(@Nullable WeChatUser user, String body) {
		Assert.notNull(body, "body cannot be null");
		return hmacSha256(requireSessionKey(user).sessionKey(), body);
	}

	@Override
	public String paySignature(String registrationId, String uri, String body) {
		Assert.hasText(uri, "uri cannot be empty");
		Assert.notNull(body, "body cannot be null");
		WeChatRegistration registration = registration(registrationId);
		String appKey = registration.getAppKey();
		if (appKey == null) {
			String prefix = WeChatRegistration.DEFAULT_REGISTRATION_ID.equals(registrationId) ? "wechat.login"
					: "wechat.login.apps." + LogSafe.text(registrationId);
			logger.error("WeChat registration '" + LogSafe.text(registrationId)
					+ "' has no app key to sign pay_sig with; set " + prefix
					+ ".app-key to the AppKey of the mini program's virtual payment environment (a registration"
					+ " read from the database has none: the table holds no app key)");
			throw misconfigured();
		}
		return hmacSha256(appKey, uri + "&" + body);
	}

	private @Nullable WeChatRegistration lookUp(@Nullable String registrationId) {
		if (registrationId == null) {
			return null;
		}
		try {
			return WeChatRegistrationLookups.find(this.registrations, registrationId, "The WeChat registrations");
		}
		catch (WeChatAuthenticationServiceException ex) {
			// the registrations' store (a database) failed: a 503, never its message
			logger.warn(ex.getMessage());
			throw new WeChatSessionKeyException(ex.getError());
		}
	}

	private WeChatRegistration registration(@Nullable String registrationId) {
		WeChatRegistration registration = lookUp(registrationId);
		if (registration == null) {
			logger.error("No WeChat registration '" + LogSafe.text(registrationId) + "' for a session key call");
			throw misconfigured();
		}
		return registration;
	}

	/**
	 * The registration the user logged in with, as it is now: one deleted, disabled or given
	 * another app id since has no key for this user any more, so the client is told to log in
	 * again (which the registration then allows or refuses), not that the server is misconfigured.
	 */
	private WeChatRegistration registrationOf(WeChatUser user) {
		WeChatRegistration registration = lookUp(user.getRegistrationId());
		if (registration == null || !registration.isEnabled() || !registration.getAppId().equals(user.getAppId())) {
			logger.debug("The registration '" + LogSafe.text(user.getRegistrationId())
					+ "' of a session key call is gone, disabled or of another app id now");
			throw missing();
		}
		return registration;
	}

	private UserKey requireSessionKey(@Nullable WeChatUser user) {
		if (user == null || user.getOpenid() == null) {
			throw missing();
		}
		WeChatRegistration registration = miniProgram(user);
		String sessionKey = findSessionKey(registration, user.getOpenid());
		if (sessionKey == null) {
			throw missing();
		}
		return new UserKey(registration, sessionKey);
	}

	/**
	 * The user's registration, refused with {@code invalid_request} unless it is a classic mini
	 * program's: a multi-terminal login has no {@code session_key}, and a new login cannot give it
	 * one.
	 */
	private WeChatRegistration miniProgram(WeChatUser user) {
		WeChatRegistration registration = registrationOf(user);
		if (registration.getType() != WeChatAppType.MINI_PROGRAM) {
			throw invalid("This login has no session_key: only mini program logins (jscode2session) have one");
		}
		return registration;
	}

	private @Nullable String findSessionKey(WeChatRegistration registration, String openid) {
		try {
			return this.store.find(registration.getAppId(), openid);
		}
		catch (RuntimeException ex) {
			logger.warn("The session key store is unavailable: " + ex.getClass().getSimpleName());
			throw new WeChatSessionKeyException(WeChatError.unavailable("The session key store"));
		}
	}

	private void forget(WeChatRegistration registration, String openid, String sessionKey) {
		try {
			// only the key WeChat refused: a login meanwhile may have saved a new one
			this.store.remove(registration.getAppId(), openid, sessionKey);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not forget a refused session_key: " + ex.getClass().getSimpleName());
		}
	}

	private static WeChatSessionKeyException missing() {
		return new WeChatSessionKeyException(new WeChatError(WeChatErrorCodes.SESSION_KEY_MISSING,
				"The server keeps no session_key for this login; log in again with wx.login"));
	}

	private static WeChatSessionKeyException undecryptable() {
		return invalid(UNDECRYPTABLE);
	}

	private static byte[] decodeKey(String sessionKey) {
		try {
			byte[] key = Base64.getDecoder().decode(sessionKey);
			// AES-128, as WeChat's session_key always is
			if (key.length == BLOCK_SIZE) {
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

	private record UserKey(WeChatRegistration registration, String sessionKey) {

		@Override
		public String toString() {
			return "UserKey[" + this.registration.getRegistrationId() + "]";
		}

	}

}
