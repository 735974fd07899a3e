package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static io.github.wechatlogin.client.WeChatApiTestSupport.MINI_PROGRAM_ID;
import static io.github.wechatlogin.client.WeChatApiTestSupport.MULTI_APP_ID;
import static io.github.wechatlogin.client.WeChatApiTestSupport.TEST_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the reactive client's own behaviour against the simulator over loopback HTTP: the
 * single flight of the reactive token provider, the whole-call timeout, and that no exchange
 * blocks. The non-blocking check (BlockHound would instrument the whole test JVM, shared with the
 * other tests of this module): every exchange is subscribed on a Reactor {@code parallel}
 * scheduler, whose threads are {@code NonBlocking} ({@code block()} there throws), and its
 * answer must arrive on a non-blocking thread too (Reactor Netty's event loop), so that nothing
 * in the chain hopped to a blocking thread or waited.
 */
class ReactiveWeChatApiClientTests extends AbstractSimulatorTests {

	private WebClient webClient;

	private Scheduler nonBlocking;

	@BeforeEach
	void setUp() {
		this.webClient = WeChatApiTestSupport.webClient(simulator);
		this.nonBlocking = Schedulers.newParallel("non-blocking", 2);
	}

	@AfterEach
	void tearDown() {
		this.nonBlocking.dispose();
	}

	@Test
	void getAccessTokenWhenFiftyConcurrentSubscriptionsThenOneTokenFetch() {
		simulator.setLatency(Duration.ofMillis(200));
		CachingReactiveWeChatApiAccessTokenProvider provider = new CachingReactiveWeChatApiAccessTokenProvider(
				WeChatApiTestSupport.configured(new WebClientStableTokenClient(this.webClient)));
		WeChatRegistration registration = WeChatApiTestSupport.multiApp();
		Mono<List<String>> tokens = Flux.range(0, 50)
			.flatMap((i) -> provider.getAccessToken(registration).subscribeOn(this.nonBlocking), 50)
			.collectList();
		StepVerifier.create(tokens)
			.assertNext((values) -> assertThat(values).hasSize(50).containsOnly(values.get(0)))
			.expectComplete()
			.verify(TEST_WAIT);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(provider.getStatus(registration).expiresAt()).isNotNull();
	}

	@Test
	void getAccessTokenWhenSubscriberCancelsThenFetchCompletesAndIsCached() throws InterruptedException {
		simulator.setLatency(Duration.ofMillis(200));
		CachingReactiveWeChatApiAccessTokenProvider provider = new CachingReactiveWeChatApiAccessTokenProvider(
				WeChatApiTestSupport.configured(new WebClientStableTokenClient(this.webClient)));
		WeChatRegistration registration = WeChatApiTestSupport.multiApp();
		provider.getAccessToken(registration).subscribe().dispose();
		StepVerifier.create(provider.getAccessToken(registration))
			.assertNext((token) -> assertThat(token).isNotBlank())
			.expectComplete()
			.verify(TEST_WAIT);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
	}

	@Test
	void getAccessTokenWhenFetchFailsThenBackoffAnswersTheFailureWithoutAskingAgain() {
		CachingReactiveWeChatApiAccessTokenProvider provider = new CachingReactiveWeChatApiAccessTokenProvider(
				WeChatApiTestSupport.configured(new WebClientStableTokenClient(this.webClient)));
		simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.errcode(-1));
		WeChatRegistration registration = WeChatApiTestSupport.multiApp();
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(provider.getAccessToken(registration))
				.expectErrorSatisfies((ex) -> assertThat(((WeChatApiException) ex).getErrcode()).isEqualTo(-1))
				.verify(TEST_WAIT);
		}
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(provider.getStatus(registration).lastFailure()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
	}

	@Test
	void exchangeWhenFiftyConcurrentLoginsOnColdCacheThenOneTokenFetchAndNoBlocking() {
		simulator.setLatency(Duration.ofMillis(100));
		// 50 answers at once may queue in the simulator beyond the tests' 500 ms read timeout
		WebClient patient = io.github.wechatlogin.autoconfigure.WeChatApiTestWebClient.create(simulator.getBaseUrl(),
				Duration.ofSeconds(1), Duration.ofSeconds(20));
		WebClientCode2VerifyInfoExchanger exchanger = new WebClientCode2VerifyInfoExchanger(patient,
				new CachingReactiveWeChatApiAccessTokenProvider(new WebClientStableTokenClient(patient)));
		Set<String> answerThreads = ConcurrentHashMap.newKeySet();
		Mono<List<WeChatIdentity>> logins = Flux.range(0, 50)
			.map((i) -> simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-n" + i, null)))
			.flatMap((code) -> exchanger.exchange(multiApp(code))
				.doOnNext((identity) -> answerThreads.add(nonBlockingThread()))
				.subscribeOn(this.nonBlocking), 50)
			.collectList();
		StepVerifier.create(logins)
			.assertNext((identities) -> assertThat(identities).hasSize(50))
			.expectComplete()
			.verify(TEST_WAIT);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(50);
		assertThat(answerThreads).doesNotContain("blocking");
	}

	@Test
	void exchangeWhenMiniProgramOnNonBlockingThreadThenAnsweredOnNonBlockingThread() {
		WebClientJsCode2SessionExchanger exchanger = WeChatApiTestSupport
			.configured(new WebClientJsCode2SessionExchanger(this.webClient));
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-nb", null));
		StepVerifier
			.create(exchanger.exchange(new WeChatCodeExchangeRequest(WeChatApiTestSupport.miniProgram(), code))
				.map((identity) -> nonBlockingThread() + " " + identity.getOpenid())
				.subscribeOn(this.nonBlocking))
			.expectNext("non-blocking o-nb")
			.expectComplete()
			.verify(TEST_WAIT);
	}

	@Test
	void exchangeWhenAccessTokenRejectedOnNonBlockingThreadThenRefreshedAndRetriedOnce() {
		WebClientCode2VerifyInfoExchanger exchanger = code2VerifyInfo();
		String warm = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-warm", null));
		StepVerifier.create(exchanger.exchange(multiApp(warm)).subscribeOn(this.nonBlocking))
			.expectNextCount(1)
			.expectComplete()
			.verify(TEST_WAIT);
		simulator.invalidateAccessTokens(MULTI_APP_ID);
		String code = simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram("o-again", null));
		StepVerifier
			.create(exchanger.exchange(multiApp(code))
				.map((identity) -> nonBlockingThread() + " " + identity.getOpenid())
				.subscribeOn(this.nonBlocking))
			.expectNext("non-blocking o-again")
			.expectComplete()
			.verify(TEST_WAIT);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(2);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(3);
	}

	@Test
	void exchangeWhenFailuresOnNonBlockingThreadThenErrorsWithoutBlocking() {
		WebClientJsCode2SessionExchanger exchanger = WeChatApiTestSupport
			.configured(new WebClientJsCode2SessionExchanger(this.webClient));
		exchanger.setMaxResponseSize(1024);
		List<Fault> faults = List.of(Fault.delay(Duration.ofSeconds(3)), Fault.connectionReset(),
				Fault.httpStatus(502, "text/html", "<html>Bad Gateway</html>"), Fault.truncatedBody(),
				Fault.body("text/plain", "system busy"), Fault.oversizedBody(100_000), Fault.errcode(40029));
		for (Fault fault : faults) {
			simulator.enqueueFault(Endpoint.JSCODE2SESSION, fault);
			StepVerifier
				.create(exchanger.exchange(new WeChatCodeExchangeRequest(WeChatApiTestSupport.miniProgram(), "c"))
					.map((identity) -> "answered " + identity.getOpenid())
					.onErrorResume((ex) -> Mono.just(nonBlockingThread() + " " + ex.getClass().getSimpleName()))
					.subscribeOn(this.nonBlocking))
				.as(fault.toString())
				.expectNext("non-blocking WeChatApiException")
				.expectComplete()
				.verify(TEST_WAIT);
		}
	}

	@Test
	void exchangeWhenAnswerTricklesPastTheWholeCallTimeoutThenPossiblyRedeemed() {
		// the connector's read timeout (10 s) would wait; the whole-call timeout (300 ms) does not
		WebClient patient = io.github.wechatlogin.autoconfigure.WeChatApiTestWebClient.create(simulator.getBaseUrl(),
				Duration.ofSeconds(1), Duration.ofSeconds(10));
		WebClientJsCode2SessionExchanger exchanger = new WebClientJsCode2SessionExchanger(patient);
		exchanger.setResponseTimeout(Duration.ofMillis(300));
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(Duration.ofSeconds(5)));
		long start = System.nanoTime();
		StepVerifier.create(exchanger.exchange(new WeChatCodeExchangeRequest(WeChatApiTestSupport.miniProgram(), "c")))
			.expectErrorSatisfies((ex) -> {
				WeChatApiException api = (WeChatApiException) ex;
				assertThat(api.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
				assertThat(api.getCodeOutcome()).isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
				assertThat(api.getMessage()).contains("did not answer within");
			})
			.verify(TEST_WAIT);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	private WebClientCode2VerifyInfoExchanger code2VerifyInfo() {
		return WeChatApiTestSupport.configured(new WebClientCode2VerifyInfoExchanger(this.webClient,
				new CachingReactiveWeChatApiAccessTokenProvider(
						WeChatApiTestSupport.configured(new WebClientStableTokenClient(this.webClient)))));
	}

	private static WeChatCodeExchangeRequest multiApp(String code) {
		return new WeChatCodeExchangeRequest(WeChatApiTestSupport.multiApp(), code);
	}

	private static String nonBlockingThread() {
		return Schedulers.isInNonBlockingThread() ? "non-blocking" : "blocking";
	}

}
