package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static io.github.wechatlogin.client.WeChatApiTestSupport.MINI_PROGRAM_ID;
import static io.github.wechatlogin.client.WeChatApiTestSupport.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RestClientPhoneNumberClient} against the simulator over loopback HTTP, with
 * the access-token provider the auto-configuration uses.
 */
class RestClientPhoneNumberClientTests extends AbstractSimulatorTests {

	private final AtomicInteger tokenFetches = new AtomicInteger();

	private RestClientPhoneNumberClient client;

	@BeforeEach
	void setUp() {
		RestClient restClient = WeChatApiTestSupport.restClient(simulator);
		RestClientStableTokenClient tokens = new RestClientStableTokenClient(restClient);
		this.client = new RestClientPhoneNumberClient(restClient,
				new CachingWeChatApiAccessTokenProvider((registration, force) -> {
					this.tokenFetches.incrementAndGet();
					return tokens.fetch(registration, force);
				}));
	}

	@Test
	void getPhoneNumberWhenCodeOfTheUserThenNumberAndOpenidSentInTheBody() {
		String code = simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-1", "13800138000");
		WeChatPhoneNumber number = this.client.getPhoneNumber(request(code, "o-1"));
		assertThat(number).isEqualTo(new WeChatPhoneNumber("13800138000", "13800138000", "86"));
		RecordedRequest recorded = simulator.requests(Endpoint.GET_USER_PHONE_NUMBER).get(0);
		assertThat(recorded.method()).isEqualTo("POST");
		assertThat(recorded.query()).containsOnlyKeys("access_token");
		assertThat(JsonMapper.shared().readTree(recorded.body()).properties()).extracting((entry) -> entry.getKey())
			.containsExactly("code", "openid");
		// the token is cached: a second number, no second fetch
		this.client.getPhoneNumber(request(simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-1", "13800138001"), "o-1"));
		assertThat(this.tokenFetches).hasValue(1);
	}

	@Test
	void getPhoneNumberWhenCodeOfAnotherUserThenInvalidCodeAndTheCodeNotRedeemed() {
		String code = simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-owner", "13800138000");
		assertThatExceptionOfType(WeChatApiException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(request(code, "o-other")))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_CODE);
				assertThat(ex.getCodeOutcome()).isEqualTo(WeChatApiException.CodeOutcome.INVALID);
				assertThat(ex.getMessage()).doesNotContain(code);
			});
	}

	@Test
	void getPhoneNumberWhenAccessTokenRejectedThenOneRefreshAndOneRetry() {
		String code = simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-1", "13800138000");
		this.client.getPhoneNumber(request(simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-1", "1"), "o-1"));
		simulator.invalidateAccessTokens(MINI_PROGRAM_ID);
		assertThat(this.client.getPhoneNumber(request(code, "o-1")).purePhoneNumber()).isEqualTo("13800138000");
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(3);
		assertThat(this.tokenFetches).hasValue(2);
	}

	@Test
	void getPhoneNumberWhenReadTimeoutThenPossiblyRedeemedAndNoRetry() {
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.delay(WeChatApiTestSupport.READ_TIMEOUT.multipliedBy(4)));
		String code = simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-1", "13800138000");
		assertThatExceptionOfType(WeChatApiException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(request(code, "o-1")))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
				assertThat(ex.getCodeOutcome()).isEqualTo(WeChatApiException.CodeOutcome.POSSIBLY_REDEEMED);
				assertThat(ex.getMessage()).doesNotContain(code).doesNotContain(SECRET).doesNotContain("access_token=");
			});
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(1);
	}

	@Test
	void getPhoneNumberWhenAccessTokenUnavailableThenNotRedeemed() {
		simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.errcode(-1));
		assertThatExceptionOfType(WeChatApiException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(request("any", "o-1")))
			.satisfies((ex) -> assertThat(ex.getCodeOutcome()).isEqualTo(WeChatApiException.CodeOutcome.NOT_REDEEMED));
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isZero();
	}

	@Test
	void getPhoneNumberWhenAnswerWithoutNumberOrCountryCodeAsNumberThenHandled() {
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER,
				Fault.body("text/plain", "{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{}}"));
		assertThatExceptionOfType(WeChatApiException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(request("any", "o-1")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE));
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.body("application/json",
				"{\"errcode\":0,\"phone_info\":{\"phoneNumber\":\"+1 2025550100\",\"purePhoneNumber\":\"2025550100\",\"countryCode\":1}}"));
		assertThat(this.client.getPhoneNumber(request("any", "o-1")))
			.isEqualTo(new WeChatPhoneNumber("+1 2025550100", "2025550100", "1"));
	}

	@Test
	void getPhoneNumberWhenErrcodesThenMapped() {
		int[][] cases = { { -1 }, { 45011 }, { 40013 }, { 40029 }, { 40003 }, { 48999 } };
		String[] errors = { WeChatErrorCodes.UPSTREAM_UNAVAILABLE, WeChatErrorCodes.RATE_LIMITED,
				WeChatErrorCodes.SERVER_MISCONFIGURED, WeChatErrorCodes.INVALID_CODE, WeChatErrorCodes.INVALID_CODE,
				WeChatErrorCodes.UPSTREAM_UNAVAILABLE };
		for (int i = 0; i < cases.length; i++) {
			simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(cases[i][0]));
			String expected = errors[i];
			assertThatExceptionOfType(WeChatApiException.class)
				.isThrownBy(() -> this.client.getPhoneNumber(request("any", "o-1")))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(expected));
		}
		simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(45011));
		assertThatExceptionOfType(WeChatApiException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(request("any", "o-1")))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(60)));
	}

	private static WeChatPhoneNumberRequest request(String code, String openid) {
		WeChatRegistration registration = WeChatApiTestSupport.miniProgram();
		return new WeChatPhoneNumberRequest(registration, code, openid);
	}

}
