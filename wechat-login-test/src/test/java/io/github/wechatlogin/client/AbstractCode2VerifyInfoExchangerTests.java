package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.RecordedRequest;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.client.RestClient;

import static io.github.wechatlogin.client.WeChatApiTestSupport.MULTI_APP_ID;
import static io.github.wechatlogin.client.WeChatApiTestSupport.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests of the {@code donut/code2verifyinfo} exchangers and the access-token clients and caching
 * providers against the simulator over loopback HTTP: one suite, run once per transport
 * ({@link RestClientCode2VerifyInfoExchangerTests}, {@link WebClientCode2VerifyInfoExchangerTests}).
 */
abstract class AbstractCode2VerifyInfoExchangerTests extends AbstractSimulatorTests {

	private RestClient restClient;

	private WeChatCodeExchanger exchanger;

	/**
	 * Create the transport's exchanger with its own caching token provider and token client.
	 * @param simulator the simulator
	 * @param classic whether the token client is the classic one ({@code cgi-bin/token})
	 * @return the exchanger, called the blocking way
	 */
	abstract WeChatCodeExchanger code2VerifyInfo(WeChatApiSimulator simulator, boolean classic);

	/**
	 * Create the transport's exchanger with the given token provider.
	 * @param simulator the simulator
	 * @param tokens the provider
	 * @return the exchanger, called the blocking way
	 */
	abstract WeChatCodeExchanger code2VerifyInfo(WeChatApiSimulator simulator, WeChatApiAccessTokenProvider tokens);

	/**
	 * Create the transport's caching token provider on {@code cgi-bin/stable_token}.
	 * @param simulator the simulator
	 * @return the provider, called the blocking way
	 */
	abstract WeChatApiAccessTokenProvider stableTokens(WeChatApiSimulator simulator);

	@BeforeEach
	void setUp() {
		this.restClient = WeChatApiTestSupport.restClient(simulator);
		this.exchanger = code2VerifyInfo(simulator, false);
	}

	@Test
	void exchangeWhenMiniProgramLoginThenIdentity() {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-mp", "u-mp").withPhone("13800000000"));
		WeChatIdentity identity = this.exchanger.exchange(request(code));
		assertThat(identity.getLoginType()).isEqualTo("weixinMiniProgram");
		assertThat(identity.getOpenid()).isEqualTo("o-mp");
		assertThat(identity.getUnionid()).isEqualTo("u-mp");
		assertThat(identity.getUserId()).isNotBlank();
		assertThat(identity.getPhone()).isEqualTo("13800000000");
		assertThat(identity.getSessionKey()).isNull();
		assertThat(identity.getAttributes()).containsKeys("miniprogram_info", "phone_info", "login_time");
		RecordedRequest recorded = simulator.requests(Endpoint.CODE2VERIFYINFO).get(0);
		assertThat(recorded.method()).isEqualTo("GET");
		assertThat(recorded.query()).containsKeys("access_token")
			.containsEntry("appid", MULTI_APP_ID)
			.containsEntry("appsecret", SECRET)
			.containsEntry("code", code)
			.containsEntry("grant_type", "authorization_code")
			.doesNotContainKey("secret");
	}

	@Test
	void exchangeWhenSameUserThenSameUserIdAcrossLoginMethods() {
		String first = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-same", null).withUserId("uid-7"));
		String second = simulator.issueCode(MULTI_APP_ID, SimulatedUser.phoneSms("13900000000").withUserId("uid-7"));
		assertThat(this.exchanger.exchange(request(first)).getUserId()).isEqualTo("uid-7");
		assertThat(this.exchanger.exchange(request(second)).getUserId()).isEqualTo("uid-7");
	}

	@Test
	void exchangeWhenAppLoginThenOpenidOfOpenApp() {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.weixinApp("o-app", "u-app"));
		WeChatIdentity identity = this.exchanger.exchange(request(code));
		assertThat(identity.getLoginType()).isEqualTo("weixinApp");
		assertThat(identity.getOpenid()).isEqualTo("o-app");
		assertThat(identity.getUnionid()).isEqualTo("u-app");
		assertThat(identity.getAttributes()).containsKey("openapp_info");
	}

	@Test
	void exchangeWhenPhoneLoginThenPhoneAndNoOpenid() {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.phoneSms("13700000000"));
		WeChatIdentity identity = this.exchanger.exchange(request(code));
		assertThat(identity.getLoginType()).isEqualTo("phoneSms");
		assertThat(identity.getOpenid()).isNull();
		assertThat(identity.getPhone()).isEqualTo("13700000000");
		assertThat(identity.getUserId()).isNotBlank();
	}

	@Test
	void exchangeWhenAppleLoginThenAppleInfo() {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.apple("apple-user-1"));
		WeChatIdentity identity = this.exchanger.exchange(request(code));
		assertThat(identity.getLoginType()).isEqualTo("apple");
		assertThat(identity.getAttributes()).containsKey("apple_info");
	}

	@Test
	void exchangeWhenCodeUsedTwiceThenInvalidCode() {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-twice", null));
		this.exchanger.exchange(request(code));
		assertError(code, WeChatErrorCodes.INVALID_CODE, 10001001);
	}

	@Test
	void exchangeWhenCodeExpiredThenInvalidCode() {
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-old", null));
		simulator.expireCode(code);
		assertError(code, WeChatErrorCodes.INVALID_CODE, 10001000);
	}

	@Test
	void exchangeWhenWrongAppSecretThenMisconfigured() {
		WeChatRegistration wrong = WeChatApiTestSupport.registration("default", WeChatAppType.MULTI_APP, MULTI_APP_ID,
				"not-the-secret");
		WeChatApiAccessTokenProvider tokens = stableTokens(simulator);
		WeChatApiAccessTokenProvider validTokens = new WeChatApiAccessTokenProvider() {

			@Override
			public String getAccessToken(WeChatRegistration registration) {
				return tokens.getAccessToken(WeChatApiTestSupport.multiApp());
			}

			@Override
			public void invalidate(WeChatRegistration registration, String rejectedAccessToken) {
			}

		};
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-wrong", null));
		WeChatCodeExchanger exchanger = code2VerifyInfo(simulator, validTokens);
		WeChatApiException ex = catchThrowableOfType(WeChatApiException.class,
				() -> exchanger.exchange(new WeChatCodeExchangeRequest(wrong, code)));
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.SERVER_MISCONFIGURED);
		assertThat(ex.getErrcode()).isEqualTo(10001003);
		assertThat(ex.getMessage()).doesNotContain("not-the-secret");
	}

	@ParameterizedTest
	@CsvSource({ "-1, upstream_unavailable, NOT_REDEEMED", "10001000, invalid_code, INVALID",
			"10001001, invalid_code, INVALID", "10001002, server_misconfigured, NOT_REDEEMED",
			"10001003, server_misconfigured, NOT_REDEEMED", "10001004, server_misconfigured, NOT_REDEEMED",
			"10001005, server_misconfigured, NOT_REDEEMED", "43001, server_misconfigured, NOT_REDEEMED",
			"40226, user_blocked, POSSIBLY_REDEEMED", "45011, rate_limited, POSSIBLY_REDEEMED" })
	void exchangeWhenErrcodeThenDocumentedError(int errcode, String error, CodeOutcome codeOutcome) {
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(errcode));
		assertThat(assertError("code", error, errcode).getCodeOutcome()).isEqualTo(codeOutcome);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(1);
	}

	@Test
	void exchangeWhenAccessTokenCannotBeFetchedThenCodeNotRedeemedWhateverTheFailure() {
		// a timeout of the token endpoint: the code was never sent
		simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.delay(Duration.ofSeconds(3)));
		WeChatApiException ex = assertError("code", WeChatErrorCodes.UPSTREAM_UNAVAILABLE, null);
		assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.NOT_REDEEMED);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
	}

	@Test
	void exchangeWhenAccessTokenProviderThrowsAnyExceptionThenUnavailableAndNotRedeemed() {
		WeChatApiAccessTokenProvider broken = new WeChatApiAccessTokenProvider() {

			@Override
			public String getAccessToken(WeChatRegistration registration) {
				throw new IllegalStateException("a custom provider's bug");
			}

			@Override
			public void invalidate(WeChatRegistration registration, String rejectedAccessToken) {
			}

		};
		WeChatCodeExchanger exchanger = code2VerifyInfo(simulator, broken);
		WeChatApiException ex = catchThrowableOfType(WeChatApiException.class,
				() -> exchanger.exchange(request("code")));
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
		assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.NOT_REDEEMED);
		assertThat(ex.getMessage()).contains("IllegalStateException").doesNotContain("custom provider");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
	}

	@Test
	void exchangeWhenTimeoutAfterTheCodeWasSentThenPossiblyRedeemed() {
		this.exchanger.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-t", null))));
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.delay(Duration.ofSeconds(3)));
		WeChatApiException ex = assertError("code", WeChatErrorCodes.UPSTREAM_UNAVAILABLE, null);
		assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
	}

	@ParameterizedTest
	@ValueSource(ints = { 40001, 42001 })
	void exchangeWhenAccessTokenRejectedThenOneRefreshAndOneRetry(int errcode) {
		this.exchanger.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-warm", null))));
		simulator.reset();
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-retry", null));
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(errcode));
		WeChatIdentity identity = this.exchanger.exchange(request(code));
		assertThat(identity.getOpenid()).isEqualTo("o-retry");
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(2);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
	}

	@Test
	void exchangeWhenTokensInvalidatedUpstreamThenRefreshAndRetrySucceeds() {
		this.exchanger.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-a", null))));
		simulator.invalidateAccessTokens(MULTI_APP_ID);
		WeChatIdentity identity = this.exchanger
			.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-b", null))));
		assertThat(identity.getOpenid()).isEqualTo("o-b");
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(2);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(3);
	}

	@Test
	void exchangeWhenAccessTokenRejectedTwiceThenUpstreamUnavailableAfterOneRetry() {
		simulator.setFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(40001));
		// WeChat answers 40001 before it looks at the code
		assertThat(assertError("code", WeChatErrorCodes.UPSTREAM_UNAVAILABLE, 40001).getCodeOutcome())
			.isEqualTo(CodeOutcome.NOT_REDEEMED);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(2);
	}

	@Test
	void exchangeWhenTokenCachedThenFetchedOnceForManyLogins() {
		for (int i = 0; i < 5; i++) {
			this.exchanger.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-" + i, null))));
		}
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(5);
	}

	@Test
	void exchangeWhenTwentyConcurrentLoginsOnColdCacheThenOneTokenFetch() throws Exception {
		simulator.setLatency(Duration.ofMillis(100));
		int logins = 20;
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < logins; i++) {
			codes.add(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-c" + i, null)));
		}
		ExecutorService executor = Executors.newFixedThreadPool(logins);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<WeChatIdentity>> results = new ArrayList<>();
			for (String code : codes) {
				Callable<WeChatIdentity> login = () -> {
					start.await();
					return this.exchanger.exchange(request(code));
				};
				results.add(executor.submit(login));
			}
			start.countDown();
			for (int i = 0; i < logins; i++) {
				assertThat(results.get(i).get(10, TimeUnit.SECONDS).getOpenid()).isEqualTo("o-c" + i);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(logins);
	}

	@Test
	void exchangeWhenStableTokenRequestThenJsonBodyWithoutForceRefresh() {
		this.exchanger.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-s", null))));
		RecordedRequest recorded = simulator.requests(Endpoint.STABLE_TOKEN).get(0);
		assertThat(recorded.method()).isEqualTo("POST");
		assertThat(recorded.body()).contains("\"grant_type\":\"client_credential\"")
			.contains("\"appid\":\"" + MULTI_APP_ID + "\"")
			.contains("\"force_refresh\":false");
	}

	@Test
	void exchangeWhenClassicTokenEndpointThenLoginsWork() {
		WeChatCodeExchanger classic = code2VerifyInfo(simulator, true);
		for (int i = 0; i < 3; i++) {
			classic.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-k" + i, null))));
		}
		assertThat(simulator.requestCount(Endpoint.TOKEN)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isZero();
	}

	@Test
	void exchangeWhenClassicTokenRefetchedElsewhereThenRecovers() {
		WeChatCodeExchanger classic = code2VerifyInfo(simulator, true);
		classic.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-x", null))));
		// another process (on the servlet transport) fetches a classic token, which invalidates ours
		new RestClientClassicTokenClient(this.restClient).fetch(WeChatApiTestSupport.multiApp(), false);
		WeChatIdentity identity = classic
			.exchange(request(simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-y", null))));
		assertThat(identity.getOpenid()).isEqualTo("o-y");
	}

	@ParameterizedTest
	@CsvSource({ "40013, server_misconfigured", "40125, server_misconfigured", "40001, server_misconfigured",
			"40164, server_misconfigured", "-1, upstream_unavailable", "45009, upstream_unavailable" })
	void exchangeWhenTokenEndpointErrcodeThenDocumentedError(int errcode, String error) {
		simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.errcode(errcode));
		assertThat(assertError("code", error, errcode).getCodeOutcome()).isEqualTo(CodeOutcome.NOT_REDEEMED);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
	}

	@Test
	void exchangeWhenTokenAnswerLacksTokenThenUpstreamUnavailable() {
		simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.body("text/plain", "{\"expires_in\":7200}"));
		assertError("code", WeChatErrorCodes.UPSTREAM_UNAVAILABLE, null);
	}

	private WeChatApiException assertError(String code, String error, Integer errcode) {
		WeChatApiException ex = catchThrowableOfType(WeChatApiException.class,
				() -> this.exchanger.exchange(request(code)));
		assertThat(ex).isNotNull();
		assertThat(ex.getError().getErrorCode()).isEqualTo(error);
		assertThat(ex.getErrcode()).isEqualTo(errcode);
		assertThat(ex.getMessage()).doesNotContain(SECRET);
		return ex;
	}

	private static WeChatCodeExchangeRequest request(String code) {
		return new WeChatCodeExchangeRequest(WeChatApiTestSupport.multiApp(), code);
	}

}
