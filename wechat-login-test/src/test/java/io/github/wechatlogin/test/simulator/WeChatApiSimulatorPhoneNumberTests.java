package io.github.wechatlogin.test.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of the simulator's {@code POST /wxa/business/getuserphonenumber} and
 * {@code POST /simulator/phone-codes}, over real loopback HTTP.
 */
class WeChatApiSimulatorPhoneNumberTests {

	private static final String APP_ID = "wx-phone-1";

	private static final String SECRET = "phone-secret-1";

	private static final String OTHER_APP_ID = "wx-phone-2";

	private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final MutableClock clock = new MutableClock(START);

	private WeChatApiSimulator simulator;

	@BeforeEach
	void start() {
		this.simulator = WeChatApiSimulator.builder()
			.app(APP_ID, SECRET)
			.app(OTHER_APP_ID, "phone-secret-2")
			.clock(this.clock)
			.build()
			.start();
	}

	@AfterEach
	void close() {
		this.simulator.close();
	}

	@Test
	void getUserPhoneNumberWhenCodeOfTheUserThenPhoneInfo() throws Exception {
		String code = this.simulator.issuePhoneCode(APP_ID, "o-alice", "13800138000");
		HttpResponse<String> response = phoneNumber(token(APP_ID, SECRET), code, "o-alice");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
		JsonNode answer = json(response);
		assertThat(answer.get("errcode").asInt()).isZero();
		JsonNode info = answer.get("phone_info");
		assertThat(info.get("phoneNumber").asString()).isEqualTo("13800138000");
		assertThat(info.get("purePhoneNumber").asString()).isEqualTo("13800138000");
		assertThat(info.get("countryCode").asString()).isEqualTo("86");
		assertThat(info.get("watermark").get("appid").asString()).isEqualTo(APP_ID);
		assertThat(info.get("watermark").get("timestamp").asLong()).isEqualTo(START.getEpochSecond());
		assertThat(this.simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(1);
	}

	@Test
	void getUserPhoneNumberWhenNoOpenidThenStillAnswered() throws Exception {
		String code = this.simulator.issuePhoneCode("o-alice", "13800138000");
		assertThat(json(phoneNumber(token(APP_ID, SECRET), code, null)).get("errcode").asInt()).isZero();
	}

	@Test
	void getUserPhoneNumberWhenCodeUsedThenInvalidCode() throws Exception {
		String token = token(APP_ID, SECRET);
		String code = this.simulator.issuePhoneCode(APP_ID, "o-alice", "13800138000");
		assertThat(json(phoneNumber(token, code, "o-alice")).get("errcode").asInt()).isZero();
		assertErrcode(phoneNumber(token, code, "o-alice"), 40029);
	}

	@Test
	void getUserPhoneNumberWhenOtherOpenidThenRefusedAndTheCodeStaysValid() throws Exception {
		String token = token(APP_ID, SECRET);
		String code = this.simulator.issuePhoneCode(APP_ID, "o-alice", "13800138000");
		assertErrcode(phoneNumber(token, code, "o-mallory"), 40029);
		assertThat(json(phoneNumber(token, code, "o-alice")).get("errcode").asInt()).isZero();
	}

	@Test
	void getUserPhoneNumberWhenCodeOfAnotherAppOrUnknownOrExpiredThenInvalidCode() throws Exception {
		String token = token(APP_ID, SECRET);
		String other = this.simulator.issuePhoneCode(OTHER_APP_ID, "o-alice", "13800138000");
		assertErrcode(phoneNumber(token, other, "o-alice"), 40029);
		assertErrcode(phoneNumber(token, "never-issued", "o-alice"), 40029);
		String expiring = this.simulator.issuePhoneCode(APP_ID, "o-alice", "13800138000");
		this.clock.advance(Duration.ofMinutes(5));
		assertErrcode(phoneNumber(token(APP_ID, SECRET), expiring, "o-alice"), 40029);
	}

	@Test
	void getUserPhoneNumberWhenAccessTokenMissingInvalidOrExpiredThenRefused() throws Exception {
		String code = this.simulator.issuePhoneCode(APP_ID, "o-alice", "13800138000");
		assertErrcode(post("/wxa/business/getuserphonenumber", "{\"code\":\"" + code + "\"}"), 40001);
		assertErrcode(phoneNumber("not-a-token", code, "o-alice"), 40001);
		String token = token(APP_ID, SECRET);
		this.simulator.invalidateAccessTokens(APP_ID);
		assertErrcode(phoneNumber(token, code, "o-alice"), 40001);
		// none of that used the code
		assertThat(json(phoneNumber(token(APP_ID, SECRET), code, "o-alice")).get("errcode").asInt()).isZero();
		String expiring = token(APP_ID, SECRET);
		this.clock.advance(Duration.ofHours(3));
		assertErrcode(phoneNumber(expiring, this.simulator.issuePhoneCode(APP_ID, "o-alice", "1"), "o-alice"), 42001);
	}

	@Test
	void getUserPhoneNumberWhenMalformedThenErrcodes() throws Exception {
		String token = token(APP_ID, SECRET);
		assertErrcode(send("GET", "/wxa/business/getuserphonenumber?access_token=" + token, ""), 43002);
		assertErrcode(post("/wxa/business/getuserphonenumber?access_token=" + token, "not json"), 47001);
		assertErrcode(post("/wxa/business/getuserphonenumber?access_token=" + token, "{}"), 41008);
	}

	@Test
	void getUserPhoneNumberWhenFaultEnqueuedThenAnsweredWithIt() throws Exception {
		String code = this.simulator.issuePhoneCode(APP_ID, "o-alice", "13800138000");
		String token = token(APP_ID, SECRET);
		for (int errcode : new int[] { -1, 45011, 40013, 40001 }) {
			this.simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(errcode));
			assertErrcode(phoneNumber(token, code, "o-alice"), errcode);
		}
		assertThat(json(phoneNumber(token, code, "o-alice")).get("errcode").asInt()).isZero();
		assertThat(this.simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(5);
	}

	@Test
	void issuePhoneCodeOverHttpThenRedeemable() throws Exception {
		HttpResponse<String> issued = post("/simulator/phone-codes",
				"{\"openid\":\"o-bob\",\"phoneNumber\":\"61234567\",\"countryCode\":\"852\",\"appid\":\"" + APP_ID
						+ "\"}");
		assertThat(issued.statusCode()).isEqualTo(200);
		String code = json(issued).get("code").asString();
		JsonNode info = json(phoneNumber(token(APP_ID, SECRET), code, "o-bob")).get("phone_info");
		assertThat(info.get("phoneNumber").asString()).isEqualTo("+85261234567");
		assertThat(info.get("purePhoneNumber").asString()).isEqualTo("61234567");
		assertThat(info.get("countryCode").asString()).isEqualTo("852");
		assertThat(post("/simulator/phone-codes", "{\"openid\":\"o-bob\"}").statusCode()).isEqualTo(400);
		assertThat(post("/simulator/phone-codes", "{\"openid\":\"o\",\"phoneNumber\":\"1\",\"appid\":\"nope\"}")
			.statusCode()).isEqualTo(400);
		assertThat(send("GET", "/simulator/phone-codes", "").statusCode()).isEqualTo(405);
	}

	@Test
	void issuePhoneCodeWhenUnknownAppThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.issuePhoneCode("nope", "o", "1"));
	}

	@Test
	void resetForgetsPhoneCodes() throws Exception {
		String code = this.simulator.issuePhoneCode(APP_ID, "o-alice", "13800138000");
		this.simulator.reset();
		assertErrcode(phoneNumber(token(APP_ID, SECRET), code, "o-alice"), 40029);
	}

	private String token(String appId, String secret) throws Exception {
		HttpResponse<String> response = post("/cgi-bin/stable_token",
				"{\"grant_type\":\"client_credential\",\"appid\":\"" + appId + "\",\"secret\":\"" + secret + "\"}");
		return json(response).get("access_token").asString();
	}

	private HttpResponse<String> phoneNumber(String token, String code, String openid) throws Exception {
		String body = "{\"code\":\"" + code + "\"" + ((openid != null) ? ",\"openid\":\"" + openid + "\"" : "") + "}";
		return post("/wxa/business/getuserphonenumber?access_token=" + token, body);
	}

	private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
		return send("POST", pathAndQuery, body);
	}

	private HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.simulator.getBaseUrl() + pathAndQuery))
			.timeout(Duration.ofSeconds(5))
			.method(method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
			.build();
		return client.send(request, BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return mapper.readTree(response.body());
	}

	private static void assertErrcode(HttpResponse<String> response, int errcode) {
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response);
		assertThat(body.get("errcode").asInt()).as(response.body()).isEqualTo(errcode);
		assertThat(body.get("errmsg").asString()).isNotBlank();
	}

}
