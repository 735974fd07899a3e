package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
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
		// the fetch goes on without any subscriber and fills the cache
		Thread.sleep(800);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(provider.getStatus(registration).expiresAt()).isNotNull();
		StepVerifier.create(provider.getAccessToken(registration))
			.assertNext((token) -> assertThat(token).isNotBlank())
			.expectComplete()
			.verify(TEST_WAIT);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
	}

	@Test
	void getAccessTokenWhenFetchOutlastsMaxWaitThenEachSubscriberUnavailableAndOneFetch() {
		AtomicInteger fetches = new AtomicInteger();
		CachingReactiveWeChatApiAccessTokenProvider provider = new CachingReactiveWeChatApiAccessTokenProvider(
				(registration, forceRefresh) -> Mono.<WeChatApiAccessToken>never()
					.doOnSubscribe((subscription) -> fetches.incrementAndGet()));
		provider.setMaxWait(Duration.ofMillis(200));
		WeChatRegistration registration = WeChatApiTestSupport.multiApp();
		long start = System.nanoTime();
		Mono<List<String>> waits = Flux.range(0, 3)
			.flatMap((i) -> provider.getAccessToken(registration)
				.onErrorResume(WeChatApiException.class,
						(ex) -> Mono.just(ex.getError().getErrorCode() + " " + ex.getCodeOutcome())))
			.collectList();
		StepVerifier.create(waits)
			.assertNext((outcomes) -> assertThat(outcomes).hasSize(3)
				.containsOnly(WeChatErrorCodes.UPSTREAM_UNAVAILABLE + " " + CodeOutcome.NOT_REDEEMED))
			.expectComplete()
			.verify(TEST_WAIT);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(fetches).hasValue(1);
	}

	@Test
	void exchangeWhenAccessTokenClientAnswersNothingThenUnavailableAndNotRedeemed() {
		CachingReactiveWeChatApiAccessTokenProvider provider = new CachingReactiveWeChatApiAccessTokenProvider(
				(registration, forceRefresh) -> Mono.empty());
		WebClientCode2VerifyInfoExchanger exchanger = WeChatApiTestSupport
			.configured(new WebClientCode2VerifyInfoExchanger(this.webClient, provider));
		StepVerifier.create(exchanger.exchange(multiApp("c")))
			.expectErrorSatisfies((ex) -> assertNotRedeemed(ex, "IllegalStateException"))
			.verify(TEST_WAIT);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
	}

	@Test
	void exchangeWhenAccessTokenProviderFailsWithAnyExceptionThenUnavailableAndNotRedeemed() {
		ReactiveWeChatApiAccessTokenProvider failing = new ReactiveWeChatApiAccessTokenProvider() {

			@Override
			public Mono<String> getAccessToken(WeChatRegistration registration) {
				return Mono.error(new IllegalStateException("a custom provider's bug"));
			}

			@Override
			public Mono<Void> invalidate(WeChatRegistration registration, String rejectedAccessToken) {
				return Mono.empty();
			}

		};
		ReactiveWeChatApiAccessTokenProvider empty = new ReactiveWeChatApiAccessTokenProvider() {

			@Override
			public Mono<String> getAccessToken(WeChatRegistration registration) {
				return Mono.empty();
			}

			@Override
			public Mono<Void> invalidate(WeChatRegistration registration, String rejectedAccessToken) {
				return Mono.empty();
			}

		};
		for (ReactiveWeChatApiAccessTokenProvider provider : List.of(failing, empty)) {
			WebClientCode2VerifyInfoExchanger exchanger = WeChatApiTestSupport
				.configured(new WebClientCode2VerifyInfoExchanger(this.webClient, provider));
			StepVerifier.create(exchanger.exchange(multiApp("c")))
				.expectErrorSatisfies((ex) -> assertNotRedeemed(ex, "IllegalStateException"))
				.verify(TEST_WAIT);
		}
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isZero();
	}

	@Test
	void exchangeWhenMoreConcurrentCallsThanReactorNettysDefaultPoolThenAllAtOnce() {
		// a pool of 16 connections (max(processors, 8) * 2, Reactor Netty's DEFAULT_POOL_MAX_CONNECTIONS
		// here) would take 7 rounds of 200 ms for 100 calls; the client's pool takes them at once
		// (so does the global pool of HttpClient.create(), whose size is max(that, 500))
		Duration latency = Duration.ofMillis(200);
		simulator.setLatency(latency);
		WebClient patient = io.github.wechatlogin.autoconfigure.WeChatApiTestWebClient.create(simulator.getBaseUrl(),
				Duration.ofSeconds(2), Duration.ofSeconds(20));
		WebClientJsCode2SessionExchanger exchanger = new WebClientJsCode2SessionExchanger(patient);
		int calls = 100;
		// a first round opens the connections, the second is timed
		for (int round = 0; round < 2; round++) {
			long start = System.nanoTime();
			Mono<List<WeChatIdentity>> logins = Flux.range(0, calls)
				.map((i) -> simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-pool" + i, null)))
				.flatMap((code) -> exchanger
					.exchange(new WeChatCodeExchangeRequest(WeChatApiTestSupport.miniProgram(), code)), calls)
				.collectList();
			StepVerifier.create(logins)
				.assertNext((identities) -> assertThat(identities).hasSize(calls))
				.expectComplete()
				.verify(TEST_WAIT);
			if (round == 1) {
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(latency.multipliedBy(5));
			}
		}
	}

	@Test
	void exchangeWhenPoolHasNoConnectionToGiveThenNotRedeemed() throws InterruptedException {
		// one connection, one waiter, a wait of 500 ms for a connection (the connect timeout)
		WebClient small = io.github.wechatlogin.autoconfigure.WeChatApiTestWebClient.createPooled(
				simulator.getBaseUrl(), Duration.ofMillis(500), Duration.ofSeconds(10), 1, 1);
		WebClientJsCode2SessionExchanger exchanger = new WebClientJsCode2SessionExchanger(small);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(Duration.ofSeconds(3)));
		Disposable busy = exchanger.exchange(miniProgram("busy")).subscribe(null, (ex) -> {
		});
		try {
			Thread.sleep(200);
			// the waiter: no connection within the wait
			Mono<String> waiter = exchanger.exchange(miniProgram("waiter"))
				.map((identity) -> "answered")
				.onErrorResume((ex) -> Mono.just(outcome(ex)));
			// beyond the waiters: refused at once
			Mono<String> refused = Mono.delay(Duration.ofMillis(100))
				.then(exchanger.exchange(miniProgram("refused")).map((identity) -> "answered"))
				.onErrorResume((ex) -> Mono.just(outcome(ex)));
			StepVerifier.create(Mono.zip(waiter, refused))
				.assertNext((outcomes) -> {
					assertThat(outcomes.getT1()).isEqualTo("NOT_REDEEMED PoolAcquireTimeoutException");
					assertThat(outcomes.getT2()).isEqualTo("NOT_REDEEMED PoolAcquirePendingLimitException");
				})
				.expectComplete()
				.verify(TEST_WAIT);
		}
		finally {
			busy.dispose();
		}
	}

	@Test
	void exchangeWhenWholeCallTimeoutIsUpBeforeAConnectionWasFreeThenNotRedeemed() throws InterruptedException {
		WebClient small = io.github.wechatlogin.autoconfigure.WeChatApiTestWebClient.createPooled(
				simulator.getBaseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(10), 1, 10);
		WebClientJsCode2SessionExchanger exchanger = new WebClientJsCode2SessionExchanger(small);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(Duration.ofSeconds(3)));
		Disposable busy = exchanger.exchange(miniProgram("busy")).subscribe(null, (ex) -> {
		});
		try {
			Thread.sleep(200);
			WebClientJsCode2SessionExchanger impatient = new WebClientJsCode2SessionExchanger(small);
			impatient.setResponseTimeout(Duration.ofMillis(300));
			StepVerifier.create(impatient.exchange(miniProgram("waiter")))
				.expectErrorSatisfies((ex) -> {
					assertThat(((WeChatApiException) ex).getCodeOutcome()).isEqualTo(CodeOutcome.NOT_REDEEMED);
					assertThat(ex.getMessage()).contains("found no connection to send on within");
				})
				.verify(TEST_WAIT);
		}
		finally {
			busy.dispose();
		}
	}

	@Test
	void exchangeWhenAnswerRefusedBeforeItsBodyThenNotReadToItsEnd() {
		WebClient patient = io.github.wechatlogin.autoconfigure.WeChatApiTestWebClient.create(simulator.getBaseUrl(),
				Duration.ofSeconds(1), Duration.ofSeconds(10));
		WebClientJsCode2SessionExchanger exchanger = new WebClientJsCode2SessionExchanger(patient);
		exchanger.setMaxResponseSize(1024);
		// the simulator sends each body for a minute unless the client hangs up
		Map<Fault, String> faults = Map.of(Fault.endlessBody(200, false), "answered with more than 1024 bytes",
				Fault.endlessBody(200, true), "answered with more than 1024 bytes", Fault.endlessBody(502, false),
				"answered with HTTP status 502", Fault.endlessBody(502, true), "answered with HTTP status 502");
		faults.forEach((fault, message) -> {
			simulator.enqueueFault(Endpoint.JSCODE2SESSION, fault);
			long start = System.nanoTime();
			StepVerifier.create(exchanger.exchange(miniProgram("c")))
				.as(fault.toString())
				.expectErrorSatisfies((ex) -> {
					assertThat(((WeChatApiException) ex).getCodeOutcome()).isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
					assertThat(ex.getMessage()).contains(message);
				})
				.verify(Duration.ofSeconds(10));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as(fault.toString())
				.isLessThan(Duration.ofSeconds(3));
		});
	}

	@Test
	void exchangeWhenSubscriberCancelsThenObservationOutcomeCancelled() throws InterruptedException {
		List<String> outcomes = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				outcomes.add(context.getLowCardinalityKeyValue("outcome").getValue());
			}

		});
		simulator.setLatency(Duration.ofMillis(500));
		WebClientJsCode2SessionExchanger exchanger = WeChatApiTestSupport
			.configured(new WebClientJsCode2SessionExchanger(this.webClient));
		exchanger.setObservationRegistry(registry);
		Disposable call = exchanger.exchange(miniProgram("c")).subscribe(null, (ex) -> {
		});
		Thread.sleep(100);
		call.dispose();
		assertThat(outcomes).containsExactly("cancelled");
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

	private static WeChatCodeExchangeRequest miniProgram(String code) {
		return new WeChatCodeExchangeRequest(WeChatApiTestSupport.miniProgram(), code);
	}

	private static void assertNotRedeemed(Throwable ex, String cause) {
		assertThat(ex).isInstanceOf(WeChatApiException.class);
		WeChatApiException api = (WeChatApiException) ex;
		assertThat(api.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
		assertThat(api.getCodeOutcome()).isEqualTo(CodeOutcome.NOT_REDEEMED);
		assertThat(api.getMessage()).contains(cause);
	}

	private static String outcome(Throwable ex) {
		if (!(ex instanceof WeChatApiException api)) {
			return ex.toString();
		}
		String message = String.valueOf(api.getMessage());
		int open = message.lastIndexOf('(');
		return api.getCodeOutcome() + " "
				+ ((open >= 0) ? message.substring(open + 1, message.length() - 1) : message);
	}

	private static WeChatCodeExchangeRequest multiApp(String code) {
		return new WeChatCodeExchangeRequest(WeChatApiTestSupport.multiApp(), code);
	}

	private static String nonBlockingThread() {
		return Schedulers.isInNonBlockingThread() ? "non-blocking" : "blocking";
	}

}
