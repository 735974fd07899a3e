package io.github.wechatlogin.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DefaultWeChatSessionKeys} against WeChat's own sample of encrypted data (the
 * documentation's app id, session key, encrypted data and iv) and against values computed here
 * with the JDK.
 */
class DefaultWeChatSessionKeysTests {

	// the sample of WeChat's documentation of open data decryption (开放数据校验与解密)
	static final String SAMPLE_APP_ID = "wx4f4bc4dec97d474b";

	static final String SAMPLE_SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

	static final String SAMPLE_ENCRYPTED_DATA = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS"
			+ "9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6Ch"
			+ "evvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn"
			+ "/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB"
			+ "6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYV"
			+ "oKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

	static final String SAMPLE_IV = "r7BXXKkLb8qrSNn05n0qiA==";

	private static final String OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";

	private static final String APP_KEY = "virtual-payment-app-key-for-tests";

	private final WeChatRegistration registration = WeChatRegistration.withRegistrationId("default")
		.type(WeChatAppType.MINI_PROGRAM)
		.appId(SAMPLE_APP_ID)
		.secret("secret")
		.appKey(APP_KEY)
		.build();

	private final WeChatRegistration withoutAppKey = WeChatRegistration.withRegistrationId("plain")
		.type(WeChatAppType.MINI_PROGRAM)
		.appId("wx-plain")
		.secret("secret")
		.build();

	private final InMemoryWeChatSessionKeyStore store = new InMemoryWeChatSessionKeyStore();

	private final List<String> checkedSignatures = new ArrayList<>();

	private boolean sessionValid = true;

	private WeChatApiException checkFailure;

	private final DefaultWeChatSessionKeys sessionKeys = new DefaultWeChatSessionKeys(
			new InMemoryWeChatRegistrationRepository(this.registration, this.withoutAppKey), this.store,
			(registration, openid, signature) -> {
				if (this.checkFailure != null) {
					throw this.checkFailure;
				}
				this.checkedSignatures.add(signature);
				return this.sessionValid;
			});

	private final WeChatUser user = user("default", SAMPLE_APP_ID, OPENID);

	@Test
	void decryptWhenOfficialSampleThenDocumentedPlaintext() throws Exception {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		JsonNode data = JsonMapper.shared().readTree(this.sessionKeys.decrypt(this.user, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV));
		assertThat(data.get("openId").stringValue()).isEqualTo("oGZUI0egBJY1zhBYw2KhdUfwVJJE");
		assertThat(data.get("nickName").stringValue()).isEqualTo("Band");
		assertThat(data.get("gender").intValue()).isEqualTo(1);
		assertThat(data.get("city").stringValue()).isEqualTo("Guangzhou");
		assertThat(data.get("province").stringValue()).isEqualTo("Guangdong");
		assertThat(data.get("country").stringValue()).isEqualTo("CN");
		assertThat(data.get("unionId").stringValue()).isEqualTo("ocMvos6NjeKLIBqg5Mr9QjxrP1FA");
		assertThat(data.get("watermark").get("appid").stringValue()).isEqualTo(SAMPLE_APP_ID);
		assertThat(data.get("watermark").get("timestamp").longValue()).isEqualTo(1477314187L);
	}

	@Test
	void decryptWhenWatermarkOfAnotherAppThenInvalidRequest() throws Exception {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		String plaintext = aes(Cipher.DECRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, SAMPLE_ENCRYPTED_DATA);
		String tampered = plaintext.replace(SAMPLE_APP_ID, "wx0000000000000000");
		assertThat(tampered).isNotEqualTo(plaintext);
		String encrypted = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, tampered);
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, encrypted, SAMPLE_IV),
				DefaultWeChatSessionKeys.UNDECRYPTABLE);
	}

	@Test
	void decryptWhenNoWatermarkThenInvalidRequest() throws Exception {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		String encrypted = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, "{\"stepInfoList\":[]}");
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, encrypted, SAMPLE_IV),
				DefaultWeChatSessionKeys.UNDECRYPTABLE);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "%%% not base64|" + SAMPLE_IV + "|not base64",
			SAMPLE_ENCRYPTED_DATA + "|AAAA|iv is not 16 bytes", "AAAAAAAAAAAAAAAAAAAAAA==|" + SAMPLE_IV + "|" + DefaultWeChatSessionKeys.UNDECRYPTABLE,
			"AAAAAAAAAAAAAAAAAAAA|" + SAMPLE_IV + "|whole number of AES blocks", "|" + SAMPLE_IV + "|missing" })
	void decryptWhenMalformedThenInvalidRequest(String encryptedData, String iv, String reason) {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, encryptedData, iv), reason);
	}

	@Test
	void decryptWhenPlaintextIsNotJsonThenInvalidRequest() throws Exception {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		String encrypted = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, "not json at all");
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, encrypted, SAMPLE_IV),
				DefaultWeChatSessionKeys.UNDECRYPTABLE);
		String array = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, "[1,2,3]");
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, array, SAMPLE_IV),
				DefaultWeChatSessionKeys.UNDECRYPTABLE);
	}

	@Test
	void decryptWhenDataOfAnotherKeyThenInvalidRequestNamingNoKey() {
		this.store.save(SAMPLE_APP_ID, OPENID, "AAAAAAAAAAAAAAAAAAAAAA==", Instant.EPOCH);
		WeChatSessionKeyException ex = assertInvalidRequest(
				() -> this.sessionKeys.decrypt(this.user, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV), "latest login");
		assertThat(ex.getMessage()).doesNotContain("AAAAAAAAAAAAAAAAAAAAAA==").doesNotContain(SAMPLE_ENCRYPTED_DATA);
	}

	@Test
	void decryptWhenNoKeyKeptThenSessionKeyMissing() {
		assertThatExceptionOfType(WeChatSessionKeyException.class)
			.isThrownBy(() -> this.sessionKeys.decrypt(this.user, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.SESSION_KEY_MISSING);
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
				assertThat(ex.getBody().getDetail()).contains("wx.login");
				assertThat(ex.getBody().getProperties()).containsEntry("error", "session_key_missing");
			});
		WeChatUser multiApp = WeChatUser.withRegistration("default", SAMPLE_APP_ID)
			.identity((identity) -> identity.userId("uid-1").loginType("phoneSms"))
			.build();
		assertThatExceptionOfType(WeChatSessionKeyException.class)
			.isThrownBy(() -> this.sessionKeys.userSignature(multiApp, "{}"))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.SESSION_KEY_MISSING));
	}

	@Test
	void verifySignatureWhenSha1OfRawDataAndKeyThenTrue() throws Exception {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		String rawData = "{\"nickName\":\"Band\",\"gender\":1,\"language\":\"zh_CN\"}";
		String signature = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-1")
				.digest((rawData + SAMPLE_SESSION_KEY).getBytes(StandardCharsets.UTF_8)));
		assertThat(this.sessionKeys.verifySignature(this.user, rawData, signature)).isTrue();
		assertThat(this.sessionKeys.verifySignature(this.user, rawData, signature.toUpperCase())).isTrue();
		assertThat(this.sessionKeys.verifySignature(this.user, rawData + " ", signature)).isFalse();
		assertThat(this.sessionKeys.verifySignature(this.user, rawData, "")).isFalse();
		assertThat(this.sessionKeys.verifySignature(this.user, rawData, signature.substring(1))).isFalse();
	}

	@Test
	void userSignatureWhenBodyThenHmacSha256WithTheSessionKeyText() throws Exception {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		String signData = "{\"offerId\":\"123\",\"buyQuantity\":1,\"env\":0,\"currencyType\":\"CNY\",\"outTradeNo\":\"t-1\"}";
		assertThat(this.sessionKeys.userSignature(this.user, signData)).isEqualTo(hmac(SAMPLE_SESSION_KEY, signData))
			.matches("[0-9a-f]{64}");
	}

	@Test
	void paySignatureWhenAppKeyThenHmacSha256OfUriAndBody() throws Exception {
		String signData = "{\"offerId\":\"123\"}";
		assertThat(this.sessionKeys.paySignature("default", "requestVirtualPayment", signData))
			.isEqualTo(hmac(APP_KEY, "requestVirtualPayment&" + signData));
		assertThat(this.sessionKeys.paySignature("default", "/xpay/query_user_balance", "{}"))
			.isEqualTo(hmac(APP_KEY, "/xpay/query_user_balance&{}"));
	}

	@Test
	void paySignatureWhenNoAppKeyOrNoRegistrationThenServerMisconfigured() {
		for (String registrationId : List.of("plain", "unknown")) {
			assertThatExceptionOfType(WeChatSessionKeyException.class)
				.isThrownBy(() -> this.sessionKeys.paySignature(registrationId, "requestVirtualPayment", "{}"))
				.satisfies((ex) -> {
					assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.SERVER_MISCONFIGURED);
					assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
				});
		}
	}

	@Test
	void checkSessionWhenWeChatAcceptsThenTrueWithHmacOfTheEmptyString() throws Exception {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		assertThat(this.sessionKeys.checkSession(this.user)).isTrue();
		assertThat(this.checkedSignatures).containsExactly(hmac(SAMPLE_SESSION_KEY, ""));
		assertThat(this.store.find(SAMPLE_APP_ID, OPENID)).isEqualTo(SAMPLE_SESSION_KEY);
	}

	@Test
	void checkSessionWhenWeChatRefusesThenFalseAndKeyForgotten() {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		this.sessionValid = false;
		assertThat(this.sessionKeys.checkSession(this.user)).isFalse();
		assertThat(this.store.find(SAMPLE_APP_ID, OPENID)).isNull();
		// no key: false without asking WeChat
		assertThat(this.sessionKeys.checkSession(this.user)).isFalse();
		assertThat(this.checkedSignatures).hasSize(1);
	}

	@Test
	void checkSessionWhenWeChatUnavailableThenExceptionWithItsError() {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		this.checkFailure = new WeChatApiException(WeChatError.unavailable("WeChat"), -1, Duration.ofSeconds(5),
				WeChatApiException.CodeOutcome.NOT_REDEEMED, "WeChat wxa/checksession answered system busy");
		assertThatExceptionOfType(WeChatSessionKeyException.class).isThrownBy(() -> this.sessionKeys.checkSession(this.user))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("5");
			});
		assertThat(this.store.find(SAMPLE_APP_ID, OPENID)).isEqualTo(SAMPLE_SESSION_KEY);
	}

	@Test
	void decryptWhenPaddingOrUtf8OrJsonOrObjectOrWatermarkFailsThenOneAndTheSameAnswer() throws Exception {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		byte[] sample = Base64.getDecoder().decode(SAMPLE_ENCRYPTED_DATA);
		// the last byte of the next-to-last block flips the last plaintext byte: a bad padding
		sample[sample.length - 17] ^= 0x01;
		String badPadding = Base64.getEncoder().encodeToString(sample);
		String notUtf8 = aesBytes(new byte[] { (byte) 0xff, (byte) 0xfe, '{', '}' });
		String notJson = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, "not json at all");
		String array = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, "[1,2,3]");
		String duplicate = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV,
				"{\"watermark\":{\"appid\":\"wx0000000000000000\"},\"watermark\":{\"appid\":\"" + SAMPLE_APP_ID
						+ "\"}}");
		String otherApp = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV,
				"{\"watermark\":{\"appid\":\"wx0000000000000000\"}}");
		List<String> answers = new ArrayList<>();
		for (String data : List.of(badPadding, notUtf8, notJson, array, duplicate, otherApp)) {
			WeChatSessionKeyException ex = assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, data, SAMPLE_IV),
					DefaultWeChatSessionKeys.UNDECRYPTABLE);
			answers.add(ex.getStatusCode() + " " + ex.getBody() + " " + ex.getMessage() + " " + ex.getHeaders());
		}
		assertThat(answers).hasSize(6).containsOnly(answers.get(0));
	}

	@Test
	void decryptWhenDataOrIvLongerThan64KibThenInvalidRequestBeforeDecoding() {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		String huge = "%".repeat(64 * 1024 + 1);
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, huge, SAMPLE_IV),
				DefaultWeChatSessionKeys.UNDECRYPTABLE);
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, SAMPLE_ENCRYPTED_DATA, huge),
				DefaultWeChatSessionKeys.UNDECRYPTABLE);
	}

	@Test
	void decryptWhenStoredKeyIsNotAes128ThenSessionKeyMissing() {
		this.store.save(SAMPLE_APP_ID, OPENID, Base64.getEncoder().encodeToString(new byte[32]), Instant.EPOCH);
		assertThatExceptionOfType(WeChatSessionKeyException.class)
			.isThrownBy(() -> this.sessionKeys.decrypt(this.user, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.SESSION_KEY_MISSING));
	}

	@Test
	void callsWhenNullInputThenFalseOrSessionKeyMissingNeverAnNpe() {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		assertThat(this.sessionKeys.verifySignature(this.user, null, "abc")).isFalse();
		assertThat(this.sessionKeys.verifySignature(this.user, "{}", null)).isFalse();
		assertThat(this.sessionKeys.checkSession(null)).isFalse();
		for (Runnable call : List.<Runnable>of(() -> this.sessionKeys.decrypt(null, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV),
				() -> this.sessionKeys.verifySignature(null, "{}", "abc"),
				() -> this.sessionKeys.userSignature(null, "{}"))) {
			assertThatExceptionOfType(WeChatSessionKeyException.class).isThrownBy(call::run)
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.SESSION_KEY_MISSING));
		}
	}

	@Test
	void callsWhenMultiAppRegistrationThenInvalidRequestNotAskingForANewLogin() {
		WeChatRegistration multiApp = WeChatRegistration.withRegistrationId("app")
			.type(WeChatAppType.MULTI_APP)
			.appId("wx-multi")
			.secret("secret")
			.build();
		DefaultWeChatSessionKeys keys = new DefaultWeChatSessionKeys(new InMemoryWeChatRegistrationRepository(multiApp),
				this.store, (registration, openid, signature) -> true);
		WeChatUser user = user("app", "wx-multi", OPENID);
		for (Runnable call : List.<Runnable>of(() -> keys.decrypt(user, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV),
				() -> keys.userSignature(user, "{}"), () -> keys.checkSession(user))) {
			WeChatSessionKeyException ex = assertInvalidRequest(call, "only mini program logins (jscode2session)");
			assertThat(ex.getBody().getDetail()).doesNotContain("wx.login");
		}
	}

	@Test
	void callsWhenRegistrationGoneDisabledOrOfAnotherAppIdThenSessionKeyMissingAndNoWeChatCall() throws Exception {
		WeChatRegistration disabled = WeChatRegistration.withRegistrationId("disabled")
			.type(WeChatAppType.MINI_PROGRAM)
			.appId("wx-disabled")
			.secret("secret")
			.enabled(false)
			.build();
		WeChatRegistration moved = WeChatRegistration.withRegistrationId("moved")
			.type(WeChatAppType.MINI_PROGRAM)
			.appId("wx-new-app-id")
			.secret("secret")
			.build();
		List<String> weChatCalls = new ArrayList<>();
		DefaultWeChatSessionKeys keys = new DefaultWeChatSessionKeys(
				new InMemoryWeChatRegistrationRepository(disabled, moved), this.store,
				(registration, openid, signature) -> weChatCalls.add(registration.getRegistrationId()));
		List<WeChatUser> users = List.of(user("deleted", "wx-deleted", OPENID), user("disabled", "wx-disabled", OPENID),
				user("moved", "wx-old-app-id", OPENID));
		for (WeChatUser user : users) {
			// a key kept from before the change
			this.store.save(user.getAppId(), OPENID, SAMPLE_SESSION_KEY, Instant.now());
			for (Runnable call : List.<Runnable>of(() -> keys.decrypt(user, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV),
					() -> keys.userSignature(user, "{}"), () -> keys.verifySignature(user, "{}", "00"))) {
				assertThatExceptionOfType(WeChatSessionKeyException.class).isThrownBy(call::run)
					.satisfies((ex) -> assertThat(ex.getError().getErrorCode())
						.isEqualTo(WeChatErrorCodes.SESSION_KEY_MISSING));
			}
			assertThat(keys.checkSession(user)).isFalse();
		}
		assertThat(weChatCalls).isEmpty();
	}

	@Test
	void callsWhenTheRegistrationsStoreFailsThenUpstreamUnavailableWithoutItsMessage() {
		io.github.wechatlogin.core.WeChatRegistrationRepository down = new io.github.wechatlogin.core.WeChatRegistrationRepository() {
			@Override
			public WeChatRegistration findByRegistrationId(String registrationId) {
				throw new IllegalStateException("database is down");
			}

			@Override
			public java.util.Iterator<WeChatRegistration> iterator() {
				throw new IllegalStateException("database is down");
			}
		};
		DefaultWeChatSessionKeys keys = new DefaultWeChatSessionKeys(down, this.store,
				(registration, openid, signature) -> true);
		WeChatUser user = user("default", SAMPLE_APP_ID, OPENID);
		for (Runnable call : List.<Runnable>of(() -> keys.decrypt(user, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV),
				() -> keys.paySignature("default", "requestVirtualPayment", "{}"))) {
			assertThatExceptionOfType(WeChatSessionKeyException.class).isThrownBy(call::run).satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
				assertThat(ex.getBody().getDetail()).doesNotContain("database is down");
			});
		}
	}

	@Test
	void keysWhenTwoRegistrationsOfOneAppIdThenOneKeyPerAppIdAndOpenid() {
		WeChatRegistration second = WeChatRegistration.withRegistrationId("second")
			.type(WeChatAppType.MINI_PROGRAM)
			.appId(SAMPLE_APP_ID)
			.secret("secret")
			.build();
		DefaultWeChatSessionKeys keys = new DefaultWeChatSessionKeys(
				new InMemoryWeChatRegistrationRepository(this.registration, second), this.store,
				(registration, openid, signature) -> true);
		// a login with the second registration replaces WeChat's key of (app id, openid)
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		String viaFirst = keys.decrypt(this.user, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV);
		String viaSecond = keys.decrypt(user("second", SAMPLE_APP_ID, OPENID), SAMPLE_ENCRYPTED_DATA, SAMPLE_IV);
		assertThat(viaSecond).isEqualTo(viaFirst);
		assertThat(keys.userSignature(user("second", SAMPLE_APP_ID, OPENID), "{}"))
			.isEqualTo(keys.userSignature(this.user, "{}"));
	}

	@Test
	void checkSessionWhenReplacedDuringTheCheckThenTheNewKeyIsNotForgotten() {
		this.store.save(SAMPLE_APP_ID, OPENID, SAMPLE_SESSION_KEY, Instant.EPOCH);
		DefaultWeChatSessionKeys keys = new DefaultWeChatSessionKeys(
				new InMemoryWeChatRegistrationRepository(this.registration), this.store,
				(registration, openid, signature) -> {
					// a login elsewhere while WeChat answers 87009 for the old key
					this.store.save(SAMPLE_APP_ID, OPENID, "bmV3LWtleS0xNi1ieXRlcw==", Instant.ofEpochSecond(1));
					return false;
				});
		assertThat(keys.checkSession(this.user)).isFalse();
		assertThat(this.store.find(SAMPLE_APP_ID, OPENID)).isEqualTo("bmV3LWtleS0xNi1ieXRlcw==");
	}

	static String aesBytes(byte[] plain) throws Exception {
		Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(SAMPLE_SESSION_KEY), "AES"),
				new IvParameterSpec(Base64.getDecoder().decode(SAMPLE_IV)));
		return Base64.getEncoder().encodeToString(cipher.doFinal(plain));
	}

	@Test
	void sessionKeysWhenStoreFailsThenUpstreamUnavailable() {
		DefaultWeChatSessionKeys failing = new DefaultWeChatSessionKeys(
				new InMemoryWeChatRegistrationRepository(this.registration), new WeChatSessionKeyStore() {

					@Override
					public boolean save(String appId, String openid, String sessionKey, Instant startedAt) {
						return true;
					}

					@Override
					public String find(String appId, String openid) {
						throw new IllegalStateException("Redis is down");
					}

					@Override
					public void remove(String appId, String openid) {
					}

					@Override
					public boolean remove(String appId, String openid, String expectedSessionKey) {
						return false;
					}

				}, (registration, openid, signature) -> true);
		assertThatExceptionOfType(WeChatSessionKeyException.class)
			.isThrownBy(() -> failing.userSignature(this.user, "{}"))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE));
	}

	private static WeChatSessionKeyException assertInvalidRequest(Runnable call, String reason) {
		WeChatSessionKeyException[] thrown = new WeChatSessionKeyException[1];
		assertThatExceptionOfType(WeChatSessionKeyException.class).isThrownBy(call::run).satisfies((ex) -> {
			thrown[0] = ex;
			assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_REQUEST);
			assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(ex.getError().getDescription()).contains(reason);
			assertThat(ex.getBody().getDetail()).isEqualTo(ex.getError().getDescription());
			assertThat(ex.getMessage()).doesNotContain(SAMPLE_SESSION_KEY);
		});
		return thrown[0];
	}

	static WeChatUser user(String registrationId, String appId, String openid) {
		return WeChatUser.withRegistration(registrationId, appId)
			.identity((identity) -> identity.openid(openid).loginType("weixinMiniProgram"))
			.build();
	}

	static String aes(int mode, String key, String iv, String data) throws Exception {
		Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
		cipher.init(mode, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"),
				new IvParameterSpec(Base64.getDecoder().decode(iv)));
		if (mode == Cipher.DECRYPT_MODE) {
			return new String(cipher.doFinal(Base64.getDecoder().decode(data)), StandardCharsets.UTF_8);
		}
		return Base64.getEncoder().encodeToString(cipher.doFinal(data.getBytes(StandardCharsets.UTF_8)));
	}

	static String hmac(String key, String message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

}
