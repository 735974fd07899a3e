package io.github.wechatlogin.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
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
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
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
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
		String plaintext = aes(Cipher.DECRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, SAMPLE_ENCRYPTED_DATA);
		String tampered = plaintext.replace(SAMPLE_APP_ID, "wx0000000000000000");
		assertThat(tampered).isNotEqualTo(plaintext);
		String encrypted = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, tampered);
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, encrypted, SAMPLE_IV), "watermark");
	}

	@Test
	void decryptWhenNoWatermarkThenInvalidRequest() throws Exception {
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
		String encrypted = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, "{\"stepInfoList\":[]}");
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, encrypted, SAMPLE_IV), "watermark");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "%%% not base64|" + SAMPLE_IV + "|not base64",
			SAMPLE_ENCRYPTED_DATA + "|AAAA|iv is not 16 bytes", "AAAAAAAAAAAAAAAAAAAAAA==|" + SAMPLE_IV + "|cannot be decrypted",
			"AAAAAAAAAAAAAAAAAAAA|" + SAMPLE_IV + "|whole number of AES blocks", "|" + SAMPLE_IV + "|missing" })
	void decryptWhenMalformedThenInvalidRequest(String encryptedData, String iv, String reason) {
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, encryptedData, iv), reason);
	}

	@Test
	void decryptWhenPlaintextIsNotJsonThenInvalidRequest() throws Exception {
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
		String encrypted = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, "not json at all");
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, encrypted, SAMPLE_IV), "not JSON");
		String array = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, "[1,2,3]");
		assertInvalidRequest(() -> this.sessionKeys.decrypt(this.user, array, SAMPLE_IV), "not a JSON object");
	}

	@Test
	void decryptWhenDataOfAnotherKeyThenInvalidRequestNamingNoKey() {
		this.store.save("default", OPENID, "AAAAAAAAAAAAAAAAAAAAAA==");
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
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
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
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
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
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
		assertThat(this.sessionKeys.checkSession(this.user)).isTrue();
		assertThat(this.checkedSignatures).containsExactly(hmac(SAMPLE_SESSION_KEY, ""));
		assertThat(this.store.find("default", OPENID)).isEqualTo(SAMPLE_SESSION_KEY);
	}

	@Test
	void checkSessionWhenWeChatRefusesThenFalseAndKeyForgotten() {
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
		this.sessionValid = false;
		assertThat(this.sessionKeys.checkSession(this.user)).isFalse();
		assertThat(this.store.find("default", OPENID)).isNull();
		// no key: false without asking WeChat
		assertThat(this.sessionKeys.checkSession(this.user)).isFalse();
		assertThat(this.checkedSignatures).hasSize(1);
	}

	@Test
	void checkSessionWhenWeChatUnavailableThenExceptionWithItsError() {
		this.store.save("default", OPENID, SAMPLE_SESSION_KEY);
		this.checkFailure = new WeChatApiException(WeChatError.unavailable("WeChat"), -1, Duration.ofSeconds(5),
				WeChatApiException.CodeOutcome.NOT_REDEEMED, "WeChat wxa/checksession answered system busy");
		assertThatExceptionOfType(WeChatSessionKeyException.class).isThrownBy(() -> this.sessionKeys.checkSession(this.user))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("5");
			});
		assertThat(this.store.find("default", OPENID)).isEqualTo(SAMPLE_SESSION_KEY);
	}

	@Test
	void sessionKeysWhenStoreFailsThenUpstreamUnavailable() {
		DefaultWeChatSessionKeys failing = new DefaultWeChatSessionKeys(
				new InMemoryWeChatRegistrationRepository(this.registration), new WeChatSessionKeyStore() {

					@Override
					public void save(String registrationId, String openid, String sessionKey) {
					}

					@Override
					public String find(String registrationId, String openid) {
						throw new IllegalStateException("Redis is down");
					}

					@Override
					public void remove(String registrationId, String openid) {
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
