package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.List;

import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.wechatlogin.client.WeChatApiTestSupport.MINI_PROGRAM_ID;
import static io.github.wechatlogin.client.WeChatApiTestSupport.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests of the {@code sns/jscode2session} exchangers against the simulator over loopback HTTP:
 * one suite, run once per transport ({@link RestClientJsCode2SessionExchangerTests},
 * {@link WebClientJsCode2SessionExchangerTests}).
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractJsCode2SessionExchangerTests extends AbstractSimulatorTests {

	private AbstractWeChatApiClient client;

	private WeChatCodeExchanger exchanger;

	/**
	 * Create the transport's exchanger, pointed at the given simulator.
	 * @param simulator the simulator
	 * @return the exchanger
	 */
	abstract WeChatApiTestSupport.TestExchanger jsCode2Session(WeChatApiSimulator simulator);

	@BeforeEach
	void setUp() {
		WeChatApiTestSupport.TestExchanger created = jsCode2Session(simulator);
		this.client = created.client();
		this.exchanger = created.exchanger();
	}

	@Test
	void exchangeWhenValidCodeThenIdentity() {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-1", "u-1"));
		WeChatIdentity identity = this.exchanger.exchange(request(code));
		assertThat(identity.getOpenid()).isEqualTo("o-1");
		assertThat(identity.getUnionid()).isEqualTo("u-1");
		assertThat(identity.getUserId()).isNull();
		assertThat(identity.getLoginType()).isEqualTo(WeChatIdentity.LOGIN_TYPE_MINI_PROGRAM);
		assertThat(identity.getSessionKey()).isNotBlank();
		assertThat(identity.toString()).doesNotContain(identity.getSessionKey());
		assertThat(simulator.requests(Endpoint.JSCODE2SESSION)).singleElement().satisfies((recorded) -> {
			assertThat(recorded.method()).isEqualTo("GET");
			assertThat(recorded.query()).containsEntry("appid", MINI_PROGRAM_ID)
				.containsEntry("secret", SECRET)
				.containsEntry("js_code", code)
				.containsEntry("grant_type", "authorization_code");
		});
	}

	@Test
	void exchangeWhenNoUnionidThenNull() {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-2", null));
		assertThat(this.exchanger.exchange(request(code)).getUnionid()).isNull();
	}

	@Test
	void exchangeWhenCodeHasReservedCharactersThenEncodedExactly() {
		String code = "a&secret=x+y%20z#?/=";
		WeChatApiException ex = exchangeFailure(code);
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_CODE);
		assertThat(simulator.requests(Endpoint.JSCODE2SESSION)).singleElement().satisfies((recorded) -> {
			assertThat(recorded.query()).containsEntry("js_code", code).containsEntry("secret", SECRET);
			assertThat(recorded.query()).hasSize(4);
		});
	}

	@Test
	void exchangeWhenCodeUsedTwiceThenInvalidCode() {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-3", null));
		this.exchanger.exchange(request(code));
		WeChatApiException ex = exchangeFailure(code);
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_CODE);
		assertThat(ex.getErrcode()).isEqualTo(40163);
		assertThat(ex.getRetryAfter()).isNull();
		assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
	}

	@Test
	void exchangeWhenCodeExpiredThenInvalidCode() {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-4", null));
		simulator.expireCode(code);
		WeChatApiException ex = exchangeFailure(code);
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_CODE);
		assertThat(ex.getErrcode()).isEqualTo(40029);
	}

	@ParameterizedTest
	@CsvSource({ "-1, upstream_unavailable, 5, NOT_REDEEMED", "40029, invalid_code, , INVALID",
			"40163, invalid_code, , POSSIBLY_REDEEMED", "45011, rate_limited, 60, POSSIBLY_REDEEMED",
			"40226, user_blocked, , POSSIBLY_REDEEMED", "40013, server_misconfigured, , NOT_REDEEMED",
			"40125, server_misconfigured, , NOT_REDEEMED", "40164, server_misconfigured, , NOT_REDEEMED",
			"45009, upstream_unavailable, 5, NOT_REDEEMED", "99999, upstream_unavailable, 5, NOT_REDEEMED" })
	void exchangeWhenErrcodeThenDocumentedError(int errcode, String error, Long retryAfterSeconds,
			CodeOutcome codeOutcome) {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.errcode(errcode));
		WeChatApiException ex = exchangeFailure("any-code");
		assertThat(ex.getError().getErrorCode()).isEqualTo(error);
		assertThat(ex.getErrcode()).isEqualTo(errcode);
		assertThat(ex.getRetryAfter())
			.isEqualTo((retryAfterSeconds != null) ? Duration.ofSeconds(retryAfterSeconds) : null);
		assertThat(ex.getCodeOutcome()).isEqualTo(codeOutcome);
	}

	@Test
	void exchangeWhenCodeNeverIssuedThenInvalidAndTheSameAnswerAgain() {
		WeChatApiException first = exchangeFailure("junk-code");
		WeChatApiException second = exchangeFailure("junk-code");
		for (WeChatApiException ex : new WeChatApiException[] { first, second }) {
			assertThat(ex.getErrcode()).isEqualTo(40029);
			assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.INVALID);
		}
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(2);
	}

	@Test
	void exchangeWhenFailureAfterTheCodeWasSentThenPossiblyRedeemed() {
		List<Fault> faults = List.of(Fault.delay(Duration.ofSeconds(3)), Fault.connectionReset(),
				Fault.httpStatus(502, "text/html", "<html>Bad Gateway</html>"), Fault.truncatedBody(),
				Fault.body("text/plain", "system busy"), Fault.body("text/plain", "{\"session_key\":\"k\"}"));
		for (Fault fault : faults) {
			simulator.enqueueFault(Endpoint.JSCODE2SESSION, fault);
			assertThat(assertUnavailable("c").getCodeOutcome()).as(fault.toString())
				.isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
		}
	}

	@Test
	void exchangeWhenWrongSecretThenMisconfiguredAndSecretNeverLogged(CapturedOutput output) {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-5", null));
		WeChatRegistration wrong = WeChatApiTestSupport.registration("classic", WeChatAppType.MINI_PROGRAM,
				MINI_PROGRAM_ID, "wrong-secret-value");
		WeChatApiException ex = catchThrowableOfType(WeChatApiException.class,
				() -> this.exchanger.exchange(new WeChatCodeExchangeRequest(wrong, code)));
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.SERVER_MISCONFIGURED);
		assertThat(ex.getErrcode()).isEqualTo(40125);
		assertThat(output).contains("errcode 40125").contains("Check wechat.login.secret");
		assertThat(output.getAll() + ex.getMessage()).doesNotContain("wrong-secret-value").doesNotContain(code);
	}

	@Test
	void exchangeWhenUnknownAppThenMisconfigured() {
		WeChatRegistration unknown = WeChatApiTestSupport.registration("classic", WeChatAppType.MINI_PROGRAM,
				"wx-unknown", SECRET);
		WeChatApiException ex = catchThrowableOfType(WeChatApiException.class,
				() -> this.exchanger.exchange(new WeChatCodeExchangeRequest(unknown, "code")));
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.SERVER_MISCONFIGURED);
		assertThat(ex.getErrcode()).isEqualTo(40013);
	}

	@Test
	void exchangeWhenAnswerIsPlainTextJsonThenParsed() {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION,
				Fault.body("text/plain", "{\"openid\":\"o-plain\",\"session_key\":\"k\"}"));
		assertThat(this.exchanger.exchange(request("c")).getOpenid()).isEqualTo("o-plain");
	}

	@Test
	void exchangeWhenAnswerIsApplicationJsonThenParsed() {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION,
				Fault.body("application/json", "{\"openid\":\"o-json\",\"session_key\":\"k\"}"));
		assertThat(this.exchanger.exchange(request("c")).getOpenid()).isEqualTo("o-json");
	}

	@Test
	void exchangeWhenReadTimeoutThenUpstreamUnavailableWithinTimeout() {
		// the answer comes 20 times the read timeout (500 ms) late; the exchange must give up in well
		// under half of that (ten times the timeout), however loaded the machine
		Duration late = WeChatApiTestSupport.READ_TIMEOUT.multipliedBy(20);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(late));
		long start = System.nanoTime();
		WeChatApiException ex = exchangeFailure("c");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
		assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(5));
		assertThat(elapsed).isLessThan(late.dividedBy(2));
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
	}

	@Test
	void exchangeWhenConnectionResetThenUpstreamUnavailableAndNoRetry() {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.connectionReset());
		assertUnavailable("c");
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(1);
	}

	@Test
	void exchangeWhenHtmlErrorPageThenUpstreamUnavailable() {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION,
				Fault.httpStatus(502, "text/html", "<html><body>Bad Gateway</body></html>"));
		assertThat(assertUnavailable("c").getMessage()).contains("HTTP status 502");
	}

	@Test
	void exchangeWhenTruncatedBodyThenUpstreamUnavailable() {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.truncatedBody());
		assertUnavailable("c");
	}

	@Test
	void exchangeWhenNotJsonThenUpstreamUnavailable() {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.body("text/plain", "system busy"));
		assertThat(assertUnavailable("c").getMessage()).contains("not JSON");
	}

	@Test
	void exchangeWhenJsonArrayThenUpstreamUnavailable() {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.body("text/plain", "[1,2]"));
		assertUnavailable("c");
	}

	@Test
	void exchangeWhenNoOpenidThenUpstreamUnavailable() {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.body("text/plain", "{\"session_key\":\"k\"}"));
		assertUnavailable("c");
	}

	@Test
	void exchangeWhenOversizedBodyThenUpstreamUnavailable() {
		this.client.setMaxResponseSize(1024);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.oversizedBody(100_000));
		assertThat(assertUnavailable("c").getMessage()).contains("more than 1024 bytes");
	}

	@Test
	void exchangeWhenFailureThenMessageHasNoSecretCodeOrUrl() {
		String code = "code-that-must-not-leak";
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.connectionReset());
		WeChatApiException ex = exchangeFailure(code);
		assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(code).doesNotContain("http");
		assertThat(ex.getCause()).isNull();
	}

	@Test
	void exchangeWhenServerDownThenUpstreamUnavailable() {
		WeChatApiSimulator stopped = WeChatApiTestSupport.startSimulator();
		WeChatCodeExchanger down = jsCode2Session(stopped).exchanger();
		stopped.close();
		WeChatApiException ex = catchThrowableOfType(WeChatApiException.class,
				() -> down.exchange(request("c")));
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
		assertThat(ex.getMessage()).contains("could not be reached").doesNotContain(SECRET);
		// the connection was refused: the code was never sent
		assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.NOT_REDEEMED);
	}

	private WeChatApiException assertUnavailable(String code) {
		WeChatApiException ex = exchangeFailure(code);
		assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
		assertThat(ex.getErrcode()).isNull();
		return ex;
	}

	private WeChatApiException exchangeFailure(String code) {
		WeChatApiException ex = catchThrowableOfType(WeChatApiException.class,
				() -> this.exchanger.exchange(request(code)));
		assertThat(ex).as("expected a WeChatApiException").isNotNull();
		return ex;
	}

	private static WeChatCodeExchangeRequest request(String code) {
		return new WeChatCodeExchangeRequest(WeChatApiTestSupport.miniProgram(), code);
	}

}
