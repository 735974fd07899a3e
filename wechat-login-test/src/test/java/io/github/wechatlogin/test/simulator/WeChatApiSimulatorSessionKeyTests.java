package io.github.wechatlogin.test.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator.EncryptedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of the simulator's {@code session_key}s: the current key of each user, replaced at every
 * {@code jscode2session}, {@code GET /wxa/checksession} and {@code encryptForUser}, over real
 * loopback HTTP.
 */
class WeChatApiSimulatorSessionKeyTests {

	private static final String APP_ID = "wx-session-1";

	private static final String SECRET = "session-secret-1";

	private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private WeChatApiSimulator simulator;

	@BeforeEach
	void start() {
		this.simulator = WeChatApiSimulator.builder()
			.app(APP_ID, SECRET)
			.app("wx-session-2", "session-secret-2")
			.clock(new MutableClock(START))
			.build()
			.start();
	}

	@AfterEach
	void close() {
		this.simulator.close();
	}

	@Test
	void sessionKeyWhenUserLogsInAgainThenReplaced() throws Exception {
		assertThat(this.simulator.sessionKey(APP_ID, "o-alice")).isNull();
		String first = login("o-alice");
		assertThat(this.simulator.sessionKey(APP_ID, "o-alice")).isEqualTo(first);
		assertThat(Base64.getDecoder().decode(first)).hasSize(16);
		String second = login("o-alice");
		assertThat(second).isNotEqualTo(first);
		assertThat(this.simulator.sessionKey(APP_ID, "o-alice")).isEqualTo(second);
		assertThat(this.simulator.sessionKey("wx-session-2", "o-alice")).isNull();
		this.simulator.reset();
		assertThat(this.simulator.sessionKey(APP_ID, "o-alice")).isNull();
	}

	@Test
	void checkSessionWhenSignatureOfTheCurrentKeyThenOkAndOfTheOldKeyThen87009() throws Exception {
		String old = login("o-alice");
		String token = token();
		assertErrcode(checkSession(token, "o-alice", hmac(old, ""), "hmac_sha256"), 0);
		String current = login("o-alice");
		assertErrcode(checkSession(token, "o-alice", hmac(old, ""), "hmac_sha256"), 87009);
		assertErrcode(checkSession(token, "o-alice", hmac(current, ""), "hmac_sha256"), 0);
		assertErrcode(checkSession(token, "o-bob", hmac(current, ""), "hmac_sha256"), 87009);
		assertErrcode(checkSession(token, "o-alice", hmac(current, ""), "md5"), 87009);
		assertThat(this.simulator.requestCount(Endpoint.CHECK_SESSION)).isEqualTo(5);
	}

	@Test
	void checkSessionWhenAccessTokenInvalidOrOfAnotherAppThenRefused() throws Exception {
		String key = login("o-alice");
		assertErrcode(checkSession("not-a-token", "o-alice", hmac(key, ""), "hmac_sha256"), 40001);
		String token = token();
		this.simulator.invalidateAccessTokens(APP_ID);
		assertErrcode(checkSession(token, "o-alice", hmac(key, ""), "hmac_sha256"), 40001);
		// the key is the user's of the token's app
		HttpResponse<String> other = post("/cgi-bin/stable_token",
				"{\"grant_type\":\"client_credential\",\"appid\":\"wx-session-2\",\"secret\":\"session-secret-2\"}");
		assertErrcode(checkSession(json(other).get("access_token").asString(), "o-alice", hmac(key, ""), "hmac_sha256"),
				87009);
		assertErrcode(checkSession(token(), "", hmac(key, ""), "hmac_sha256"), 40003);
	}

	@Test
	void encryptForUserWhenJsonObjectThenAesCbcWithTheCurrentKeyAndAWatermark() throws Exception {
		String key = login("o-alice");
		EncryptedData data = this.simulator.encryptForUser(APP_ID, "o-alice", "{\"stepInfoList\":[{\"step\":42}]}");
		EncryptedData again = this.simulator.encryptForUser(APP_ID, "o-alice", "{\"stepInfoList\":[{\"step\":42}]}");
		assertThat(again.iv()).isNotEqualTo(data.iv());
		Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"),
				new IvParameterSpec(Base64.getDecoder().decode(data.iv())));
		JsonNode plain = mapper.readTree(new String(cipher.doFinal(Base64.getDecoder().decode(data.encryptedData())),
				StandardCharsets.UTF_8));
		assertThat(plain.get("stepInfoList").get(0).get("step").asInt()).isEqualTo(42);
		assertThat(plain.get("watermark").get("appid").asString()).isEqualTo(APP_ID);
		assertThat(plain.get("watermark").get("timestamp").asLong()).isEqualTo(START.getEpochSecond());
	}

	@Test
	void encryptedDataWhenPostedOverHttpThenSameAsEncryptForUser() throws Exception {
		String key = login("o-alice");
		HttpResponse<String> response = post("/simulator/encrypted-data",
				"{\"openid\":\"o-alice\",\"data\":{\"stepInfoList\":[{\"step\":7}]}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode answer = json(response);
		Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"),
				new IvParameterSpec(Base64.getDecoder().decode(answer.get("iv").asString())));
		String plain = new String(cipher.doFinal(Base64.getDecoder().decode(answer.get("encryptedData").asString())),
				StandardCharsets.UTF_8);
		assertThat(plain).contains("\"step\":7").contains("\"appid\":\"" + APP_ID + "\"");
		assertThat(post("/simulator/encrypted-data", "{\"openid\":\"o-bob\",\"data\":{}}").statusCode())
			.isEqualTo(400);
		assertThat(post("/simulator/encrypted-data", "{\"openid\":\"o-alice\",\"data\":[1]}").statusCode())
			.isEqualTo(400);
	}

	@Test
	void encryptForUserWhenNoKeyOrNoObjectThenRefused() throws Exception {
		assertThatIllegalStateException().isThrownBy(() -> this.simulator.encryptForUser(APP_ID, "o-alice", "{}"))
			.withMessageContaining("jscode2session");
		login("o-alice");
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.encryptForUser(APP_ID, "o-alice", "[1]"));
	}

	private String login(String openid) throws Exception {
		String code = this.simulator.issueCode(APP_ID, SimulatedUser.miniProgram(openid, null));
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/sns/jscode2session?appid=" + APP_ID
				+ "&secret=" + SECRET + "&js_code=" + code + "&grant_type=authorization_code")).GET());
		return json(response).get("session_key").asString();
	}

	private String token() throws Exception {
		HttpResponse<String> response = post("/cgi-bin/stable_token",
				"{\"grant_type\":\"client_credential\",\"appid\":\"" + APP_ID + "\",\"secret\":\"" + SECRET + "\"}");
		return json(response).get("access_token").asString();
	}

	private HttpResponse<String> checkSession(String token, String openid, String signature, String method)
			throws Exception {
		return send(HttpRequest.newBuilder(uri("/wxa/checksession?access_token=" + token + "&openid="
				+ URLEncoder.encode(openid, StandardCharsets.UTF_8) + "&signature=" + signature + "&sig_method=" + method))
			.GET());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String pathAndQuery) {
		return URI.create(this.simulator.getBaseUrl() + pathAndQuery);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return mapper.readTree(response.body());
	}

	private static void assertErrcode(HttpResponse<String> response, int errcode) {
		JsonNode body = json(response);
		int actual = body.has("errcode") ? body.get("errcode").asInt() : 0;
		assertThat(actual).as(response.body()).isEqualTo(errcode);
	}

	private static String hmac(String key, String message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

}
