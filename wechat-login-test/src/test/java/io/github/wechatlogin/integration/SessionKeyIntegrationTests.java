package io.github.wechatlogin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeys;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.RecordedRequest;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator.EncryptedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-side {@code session_key} end to end: a real server on a random port, the simulator on
 * loopback, and an application controller that uses {@link WeChatSessionKeys}. The default
 * registration is a classic mini program with the app id of WeChat's decryption sample and an app
 * key; {@code plain} a mini program without app key; {@code multi} a multi-terminal application.
 */
@SpringBootTest(classes = SessionKeyIntegrationTests.SessionKeyApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wechat.login.type=mini-program", "wechat.login.app-id=" + SessionKeyIntegrationTests.APP_ID,
				"wechat.login.secret=" + SessionKeyIntegrationTests.SECRET,
				"wechat.login.app-key=" + SessionKeyIntegrationTests.APP_KEY,
				"wechat.login.token.secret=session-key-it-token-secret-0123456789-0123456789",
				"wechat.login.apps.plain.type=mini-program", "wechat.login.apps.plain.app-id=" + SessionKeyIntegrationTests.PLAIN_APP_ID,
				"wechat.login.apps.plain.secret=" + SessionKeyIntegrationTests.SECRET,
				"wechat.login.apps.multi.type=multi-app", "wechat.login.apps.multi.app-id=" + SessionKeyIntegrationTests.MULTI_APP_ID,
				"wechat.login.apps.multi.secret=" + SessionKeyIntegrationTests.SECRET })
class SessionKeyIntegrationTests {

	// WeChat's sample of open data decryption (开放数据校验与解密)
	static final String APP_ID = "wx4f4bc4dec97d474b";

	private static final String SAMPLE_SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

	private static final String SAMPLE_ENCRYPTED_DATA = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS"
			+ "9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6Ch"
			+ "evvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn"
			+ "/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB"
			+ "6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYV"
			+ "oKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

	private static final String SAMPLE_IV = "r7BXXKkLb8qrSNn05n0qiA==";

	static final String PLAIN_APP_ID = "wx-session-key-plain";

	static final String MULTI_APP_ID = "wx-session-key-multi";

	static final String SECRET = "session-key-it-app-secret-0123456789";

	static final String APP_KEY = "session-key-it-virtual-payment-app-key";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(APP_ID, SECRET)
		.app(PLAIN_APP_ID, SECRET)
		.app(MULTI_APP_ID, SECRET)
		.build()
		.start();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private WeChatSessionKeyStore store;

	@DynamicPropertySource
	static void simulatorProperties(DynamicPropertyRegistry registry) {
		registry.add("wechat.login.api-base-url", simulator::getBaseUrl);
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	void decryptWhenOfficialSampleThenDocumentedPlaintext() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "oGZUI0egBJY1zhBYw2KhdUfwVJJE");
		// the sample was encrypted with the documentation's session_key: keep it as a login would
		this.store.save(APP_ID, "oGZUI0egBJY1zhBYw2KhdUfwVJJE", SAMPLE_SESSION_KEY, Instant.now());
		Response response = decrypt(accessToken, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode data = response.json();
		assertThat(data.get("openId").stringValue()).isEqualTo("oGZUI0egBJY1zhBYw2KhdUfwVJJE");
		assertThat(data.get("nickName").stringValue()).isEqualTo("Band");
		assertThat(data.get("gender").intValue()).isEqualTo(1);
		assertThat(data.get("language").stringValue()).isEqualTo("zh_CN");
		assertThat(data.get("city").stringValue()).isEqualTo("Guangzhou");
		assertThat(data.get("province").stringValue()).isEqualTo("Guangdong");
		assertThat(data.get("country").stringValue()).isEqualTo("CN");
		assertThat(data.get("unionId").stringValue()).isEqualTo("ocMvos6NjeKLIBqg5Mr9QjxrP1FA");
		assertThat(data.get("watermark").get("appid").stringValue()).isEqualTo(APP_ID);
		assertThat(data.get("watermark").get("timestamp").longValue()).isEqualTo(1477314187L);
	}

	@Test
	void decryptWhenOfficialSampleWithTamperedWatermarkThenBadRequestProblem() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-tampered");
		this.store.save(APP_ID, "o-tampered", SAMPLE_SESSION_KEY, Instant.now());
		String plaintext = aes(Cipher.DECRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, SAMPLE_ENCRYPTED_DATA);
		String tampered = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV,
				plaintext.replace("\"appid\":\"" + APP_ID + "\"", "\"appid\":\"wx0000000000000000\""));
		Response response = decrypt(accessToken, tampered, SAMPLE_IV);
		assertProblem(response, 400, "invalid_request");
		assertThat(response.json().get("detail").stringValue()).contains("cannot be decrypted");
	}

	@Test
	void decryptWhenBadPaddingOrBadWatermarkThenByteIdenticalProblems() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-oracle");
		this.store.save(APP_ID, "o-oracle", SAMPLE_SESSION_KEY, Instant.now());
		String plaintext = aes(Cipher.DECRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV, SAMPLE_ENCRYPTED_DATA);
		String badWatermark = aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, SAMPLE_IV,
				plaintext.replace("\"appid\":\"" + APP_ID + "\"", "\"appid\":\"wx0000000000000000\""));
		byte[] data = Base64.getDecoder().decode(SAMPLE_ENCRYPTED_DATA);
		// a changed byte of the next-to-last block changes the last plaintext byte: a bad padding
		data[data.length - 17] ^= 0x01;
		String badPadding = Base64.getEncoder().encodeToString(data);
		Response watermark = decrypt(accessToken, badWatermark, SAMPLE_IV);
		Response padding = decrypt(accessToken, badPadding, SAMPLE_IV);
		assertProblem(watermark, 400, "invalid_request");
		assertThat(padding.status()).isEqualTo(watermark.status());
		assertThat(padding.header("Content-Type")).isEqualTo(watermark.header("Content-Type"));
		assertThat(padding.body()).isEqualTo(watermark.body());
	}

	@Test
	void decryptWhenDataEncryptedBySimulatorForTheUserThenPlaintext() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-werun");
		EncryptedData encrypted = simulator.encryptForUser(APP_ID, "o-werun",
				"{\"stepInfoList\":[{\"timestamp\":1445866601,\"step\":100},{\"timestamp\":1445876601,\"step\":120}]}");
		Response response = decrypt(accessToken, encrypted.encryptedData(), encrypted.iv());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		JsonNode data = response.json();
		assertThat(data.get("stepInfoList").get(1).get("step").intValue()).isEqualTo(120);
		assertThat(data.get("watermark").get("appid").stringValue()).isEqualTo(APP_ID);
	}

	@Test
	void decryptWhenDataOfAnotherAppThenBadRequestProblem() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-foreign");
		EncryptedData encrypted = simulator.encryptForUser(APP_ID, "o-foreign",
				"{\"stepInfoList\":[],\"watermark\":{\"appid\":\"" + PLAIN_APP_ID + "\",\"timestamp\":1}}");
		assertProblem(decrypt(accessToken, encrypted.encryptedData(), encrypted.iv()), 400, "invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "base64", "padding", "json", "iv", "missing" })
	void decryptWhenMalformedThenBadRequestProblemWithoutStackTrace(String malformation) throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-malformed");
		String sessionKey = simulator.sessionKey(APP_ID, "o-malformed");
		String iv = "AAAAAAAAAAAAAAAAAAAAAA==";
		Response response = switch (malformation) {
			case "base64" -> decrypt(accessToken, "this is %% not base64", iv);
			// another key's ciphertext: the padding does not check out
			case "padding" -> decrypt(accessToken, aes(Cipher.ENCRYPT_MODE, SAMPLE_SESSION_KEY, iv, "{\"a\":1}"), iv);
			case "json" -> decrypt(accessToken, aes(Cipher.ENCRYPT_MODE, sessionKey, iv, "<html>not json</html>"), iv);
			case "iv" -> decrypt(accessToken, aes(Cipher.ENCRYPT_MODE, sessionKey, iv, "{}"), "AAAA");
			default -> post("/api/decrypt", "{}", accessToken);
		};
		assertProblem(response, 400, "invalid_request");
	}

	@Test
	void decryptWhenDataOfTheSessionKeyBeforeTheLatestLoginThenBadRequest() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-stale");
		EncryptedData old = simulator.encryptForUser(APP_ID, "o-stale", "{\"stepInfoList\":[]}");
		String newToken = login("/login/wechat", APP_ID, "o-stale");
		// the new login replaced the key: data of the old one is refused, whichever token asks
		assertProblem(decrypt(accessToken, old.encryptedData(), old.iv()), 400, "invalid_request");
		assertProblem(decrypt(newToken, old.encryptedData(), old.iv()), 400, "invalid_request");
		EncryptedData fresh = simulator.encryptForUser(APP_ID, "o-stale", "{\"stepInfoList\":[]}");
		assertThat(decrypt(accessToken, fresh.encryptedData(), fresh.iv()).status()).isEqualTo(200);
	}

	@Test
	void checkSessionWhenLoggedInThenTrueAndWhenLoggedInAgainElsewhereThenFalse() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-check");
		Response valid = get("/api/session/check", accessToken);
		assertThat(valid.status()).as(valid.body()).isEqualTo(200);
		assertThat(valid.json().get("valid").booleanValue()).isTrue();
		RecordedRequest check = simulator.requests(Endpoint.CHECK_SESSION).get(0);
		assertThat(check.query()).containsEntry("openid", "o-check")
			.containsEntry("sig_method", "hmac_sha256")
			.containsEntry("signature", hmac(simulator.sessionKey(APP_ID, "o-check"), ""))
			.containsKey("access_token");
		// the user logs in elsewhere (wx.login, then another server redeems the code): WeChat
		// replaces the key the server keeps
		redeemElsewhere(APP_ID, "o-check");
		Response stale = get("/api/session/check", accessToken);
		assertThat(stale.status()).as(stale.body()).isEqualTo(200);
		assertThat(stale.json().get("valid").booleanValue()).isFalse();
		// the refused key is forgotten: the client is told to log in again
		EncryptedData encrypted = simulator.encryptForUser(APP_ID, "o-check", "{}");
		assertProblem(decrypt(accessToken, encrypted.encryptedData(), encrypted.iv()), 401, "session_key_missing");
		// a new login through this server keeps the new key
		String again = login("/login/wechat", APP_ID, "o-check");
		assertThat(get("/api/session/check", again).json().get("valid").booleanValue()).isTrue();
	}

	@Test
	void checkSessionWhenAccessTokenInvalidatedThenFreshTokenAndRetriedOnce() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-check-token");
		assertThat(get("/api/session/check", accessToken).json().get("valid").booleanValue()).isTrue();
		simulator.invalidateAccessTokens(APP_ID);
		int checks = simulator.requestCount(Endpoint.CHECK_SESSION);
		int tokens = simulator.requestCount(Endpoint.STABLE_TOKEN);
		Response response = get("/api/session/check", accessToken);
		assertThat(response.json().get("valid").booleanValue()).as(response.body()).isTrue();
		// refused once (40001), then asked again with a fresh token
		assertThat(simulator.requestCount(Endpoint.CHECK_SESSION)).isEqualTo(checks + 2);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(tokens + 1);
	}

	@Test
	void signaturesWhenComputedIndependentlyThenEqual() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-pay");
		String signData = "{\"offerId\":\"1450000000\",\"buyQuantity\":1,\"env\":0,\"currencyType\":\"CNY\","
				+ "\"productId\":\"gold-100\",\"goodsPrice\":100,\"outTradeNo\":\"t-20260101-1\",\"attach\":\"\"}";
		Response response = post("/api/sign", signData, accessToken);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String sessionKey = simulator.sessionKey(APP_ID, "o-pay");
		assertThat(response.json().get("signature").stringValue()).isEqualTo(hmac(sessionKey, signData));
		assertThat(response.json().get("pay_sig").stringValue())
			.isEqualTo(hmac(APP_KEY, "requestVirtualPayment&" + signData));
		assertThat(response.body()).doesNotContain(sessionKey).doesNotContain(APP_KEY);
	}

	@Test
	void verifySignatureWhenSha1OfRawDataAndSessionKeyThenValid() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-raw");
		String rawData = "{\"nickName\":\"Band\",\"gender\":1,\"language\":\"zh_CN\",\"city\":\"Guangzhou\"}";
		String signature = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-1")
				.digest((rawData + simulator.sessionKey(APP_ID, "o-raw")).getBytes(StandardCharsets.UTF_8)));
		String body = JsonMapper.shared().writeValueAsString(Map.of("rawData", rawData, "signature", signature));
		assertThat(post("/api/verify", body, accessToken).json().get("valid").booleanValue()).isTrue();
		String forged = JsonMapper.shared()
			.writeValueAsString(Map.of("rawData", rawData.replace("Band", "Eve"), "signature", signature));
		assertThat(post("/api/verify", forged, accessToken).json().get("valid").booleanValue()).isFalse();
	}

	@Test
	void paySignatureWhenRegistrationHasNoAppKeyThenServerMisconfiguredProblem() throws Exception {
		String accessToken = login("/login/wechat/plain", PLAIN_APP_ID, "o-plain");
		Response response = post("/api/sign", "{}", accessToken);
		assertProblem(response, 500, "server_misconfigured");
		assertThat(response.body()).doesNotContain("app-key");
	}

	@Test
	void sessionKeysWhenMultiTerminalLoginThenInvalidRequestNotAskingForANewLogin() throws Exception {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-multi", null));
		Response login = post("/login/wechat/multi", "{\"code\":\"" + code + "\"}", null);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		String accessToken = login.json().get("access_token").stringValue();
		Response response = post("/api/sign", "{}", accessToken);
		// a new login cannot give a multi-terminal login a session_key: not session_key_missing
		assertProblem(response, 400, "invalid_request");
		assertThat(response.json().get("detail").stringValue()).contains("only mini program logins (jscode2session)")
			.doesNotContain("wx.login");
		assertProblem(get("/api/session/check", accessToken), 400, "invalid_request");
	}

	@Test
	void logoutWhenLoggedOutThenSessionKeyForgotten() throws Exception {
		String accessToken = login("/login/wechat", APP_ID, "o-logout");
		assertThat(this.store.find(APP_ID, "o-logout")).isEqualTo(simulator.sessionKey(APP_ID, "o-logout"));
		assertThat(post("/logout", "", accessToken).status()).isEqualTo(204);
		assertThat(this.store.find(APP_ID, "o-logout")).isNull();
		String again = login("/login/wechat", APP_ID, "o-logout");
		assertThat(this.store.find(APP_ID, "o-logout")).isEqualTo(simulator.sessionKey(APP_ID, "o-logout"));
		assertThat(again).isNotNull();
	}

	@Test
	void loginWhenMiniProgramThenSessionKeyNeitherInTheAnswerNorInTheToken() throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-token", null));
		Response login = post("/login/wechat", "{\"code\":\"" + code + "\"}", null);
		String sessionKey = simulator.sessionKey(APP_ID, "o-token");
		assertThat(sessionKey).isNotNull();
		assertThat(login.body()).doesNotContain(sessionKey).doesNotContain("session_key");
		for (String part : login.json().get("access_token").stringValue().split("\\.")) {
			String decoded = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.ISO_8859_1);
			assertThat(decoded).doesNotContain(sessionKey).doesNotContain("session_key");
		}
		assertThat(this.store.find(APP_ID, "o-token")).isEqualTo(sessionKey);
	}

	private String login(String path, String appId, String openid) throws Exception {
		String code = simulator.issueCode(appId, SimulatedUser.miniProgram(openid, null));
		Response response = post(path, "{\"code\":\"" + code + "\"}", null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("access_token").stringValue();
	}

	private void redeemElsewhere(String appId, String openid) throws Exception {
		String code = simulator.issueCode(appId, SimulatedUser.miniProgram(openid, null));
		URI uri = URI.create(simulator.getBaseUrl() + "/sns/jscode2session?appid=" + appId + "&secret=" + SECRET
				+ "&js_code=" + code + "&grant_type=authorization_code");
		HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(uri).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.body()).contains("session_key");
	}

	private Response decrypt(String accessToken, String encryptedData, String iv) throws Exception {
		return post("/api/decrypt",
				JsonMapper.shared().writeValueAsString(Map.of("encryptedData", encryptedData, "iv", iv)), accessToken);
	}

	private static void assertProblem(Response response, int status, String error) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").intValue()).isEqualTo(status);
		assertThat(problem.get("error").stringValue()).isEqualTo(error);
		assertThat(problem.get("detail").stringValue()).isNotEmpty();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.github").doesNotContain("trace");
	}

	private Response post(String path, String body, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return Response.of(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	private Response get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return Response.of(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
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

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SessionKeyController.class)
	static class SessionKeyApplication {

	}

	/**
	 * An application's controller using the session keys of the caller.
	 */
	@RestController
	static class SessionKeyController {

		private final WeChatSessionKeys sessionKeys;

		SessionKeyController(WeChatSessionKeys sessionKeys) {
			this.sessionKeys = sessionKeys;
		}

		@PostMapping(path = "/api/decrypt", produces = MediaType.APPLICATION_JSON_VALUE)
		String decrypt(@AuthenticationPrincipal WeChatUser user, @RequestBody Map<String, String> body) {
			return this.sessionKeys.decrypt(user, body.get("encryptedData"), body.get("iv"));
		}

		@PostMapping("/api/verify")
		Map<String, Object> verify(@AuthenticationPrincipal WeChatUser user, @RequestBody Map<String, String> body) {
			return Map.of("valid", this.sessionKeys.verifySignature(user, body.get("rawData"), body.get("signature")));
		}

		@GetMapping("/api/session/check")
		Map<String, Object> check(@AuthenticationPrincipal WeChatUser user) {
			return Map.of("valid", this.sessionKeys.checkSession(user));
		}

		@PostMapping("/api/sign")
		Map<String, Object> sign(@AuthenticationPrincipal WeChatUser user, @RequestBody String signData) {
			return Map.of("signature", this.sessionKeys.userSignature(user, signData), "pay_sig",
					this.sessionKeys.paySignature(user.getRegistrationId(), "requestVirtualPayment", signData));
		}

	}

}
