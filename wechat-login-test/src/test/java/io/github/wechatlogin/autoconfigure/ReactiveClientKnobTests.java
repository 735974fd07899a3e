package io.github.wechatlogin.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.authentication.WeChatReactiveAuthenticationManager;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.client.CachingReactiveWeChatApiAccessTokenProvider;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.knobs.Knob;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.MutableClock;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client settings on the reactive stack ({@link WeChatLoginReactiveClientConfiguration}, the
 * {@code WebClient} and its clients): each set to a non-default value, its effect asserted through
 * the reactive manager or the reactive token provider against the simulator. In this package, as
 * the configuration is package-private (the servlet twins are in {@code knobs.ClientKnobTests}).
 */
class ReactiveClientKnobTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String APP_ID = "wx-knob-rx";

	private static final String MINI_APP_ID = "wx-knob-rx-mini";

	private static final String SECRET = "knob-rx-app-secret";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(APP_ID, SECRET)
		.app(MINI_APP_ID, SECRET)
		.build();

	private static ServerSocket unreachable;

	private static final List<Socket> backlog = new ArrayList<>();

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeChatLoginAutoConfiguration.class,
				WeChatLoginReactiveClientConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class))
		.withPropertyValues("wechat.login.token.secret=0123456789abcdef0123456789abcdef");

	@BeforeAll
	static void start() throws IOException {
		simulator.start();
		unreachable = fullBacklog();
	}

	@AfterAll
	static void stop() throws IOException {
		simulator.close();
		for (Socket socket : backlog) {
			socket.close();
		}
		unreachable.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	@Knob(properties = "wechat.login.client.max-response-size")
	void maxResponseSizeWhenSetThenLargerAnswerIsUnavailableOnTheReactiveClient() {
		miniProgram("wechat.login.client.max-response-size=1KB").run((context) -> {
			simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.body("text/plain", answer("o-small", 100)));
			StepVerifier.create(login(context, "code-small"))
				.assertNext((result) -> assertThat(((WeChatUser) result.getPrincipal()).getOpenid()).isEqualTo("o-small"))
				.expectComplete()
				.verify(WAIT);
			// well below the default 64KB, above 1KB
			simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.body("text/plain", answer("o-large", 4096)));
			StepVerifier.create(login(context, "code-large"))
				.expectErrorSatisfies((ex) -> assertUnavailable(ex))
				.verify(WAIT);
		});
	}

	@Test
	@Knob(properties = "wechat.login.client.read-timeout")
	void readTimeoutWhenSetThenSlowAnswerIsUnavailableWellBeforeItArrivesOnTheReactiveClient() {
		miniProgram("wechat.login.client.read-timeout=1s").run((context) -> {
			// warm: the client and the server are ready, the timing is the call's
			StepVerifier.create(login(context, code("o-warm"))).expectNextCount(1).expectComplete().verify(WAIT);
			simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(Duration.ofSeconds(4)));
			long start = System.nanoTime();
			// with the default 5 s, this login would succeed once the answer arrives
			StepVerifier.create(login(context, code("o-slow")))
				.expectErrorSatisfies((ex) -> assertUnavailable(ex))
				.verify(WAIT);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
		});
	}

	@Test
	@Knob(properties = "wechat.login.client.connect-timeout")
	void connectTimeoutWhenSetThenUnreachableWeChatIsUnavailableWithinItOnTheReactiveClient() {
		this.contextRunner
			.withPropertyValues("wechat.login.type=mini-program", "wechat.login.app-id=" + MINI_APP_ID,
					"wechat.login.secret=" + SECRET,
					"wechat.login.api-base-url=http://127.0.0.1:" + unreachable.getLocalPort(),
					"wechat.login.client.connect-timeout=300ms", "wechat.login.client.read-timeout=20s")
			.run((context) -> {
				StepVerifier.create(login(context, "code-warm")).expectError().verify(WAIT);
				long start = System.nanoTime();
				StepVerifier.create(login(context, "code-unreachable"))
					.expectErrorSatisfies((ex) -> assertUnavailable(ex))
					.verify(WAIT);
				// the default connect timeout (2 s) would take longer, the read timeout (20 s) much longer
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1800));
			});
	}

	@Test
	@Knob(properties = "wechat.login.client.access-token-refresh-margin")
	void accessTokenRefreshMarginWhenSetThenReactiveTokenFetchedAnewThatLongBeforeExpiry() {
		multiApp("wechat.login.client.access-token-refresh-margin=30m").run((context) -> {
			CachingReactiveWeChatApiAccessTokenProvider provider = context
				.getBean(CachingReactiveWeChatApiAccessTokenProvider.class);
			MutableClock clock = new MutableClock(Instant.now());
			provider.setClock(clock);
			WeChatRegistration registration = registration(context);
			provider.getAccessToken(registration).block(WAIT);
			assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
			// the simulator's tokens live 2 hours: 30 minutes before that, at 1:30, it is fetched anew
			clock.advance(Duration.ofMinutes(89));
			provider.getAccessToken(registration).block(WAIT);
			assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
			clock.advance(Duration.ofMinutes(2));
			provider.getAccessToken(registration).block(WAIT);
			assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(2);
		});
	}

	@Test
	@Knob(properties = "wechat.login.client.access-token-failure-backoff")
	void accessTokenFailureBackoffWhenZeroThenFailedReactiveFetchIsTriedAgainAtOnce() {
		multiApp("wechat.login.client.access-token-failure-backoff=0s").run((context) -> {
			CachingReactiveWeChatApiAccessTokenProvider provider = context
				.getBean(CachingReactiveWeChatApiAccessTokenProvider.class);
			WeChatRegistration registration = registration(context);
			simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.errcode(-1));
			StepVerifier.create(provider.getAccessToken(registration)).expectError().verify(WAIT);
			assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
			// with a backoff, this fetch would be answered with the failure from memory
			StepVerifier.create(provider.getAccessToken(registration)).expectNextCount(1).expectComplete().verify(WAIT);
			assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(2);
		});
	}

	@Test
	void webClientWhenTheApplicationDeclaresOneByNameThenTheReactiveClientsUseIt() {
		AtomicInteger calls = new AtomicInteger();
		this.contextRunner
			.withPropertyValues("wechat.login.type=mini-program", "wechat.login.app-id=" + MINI_APP_ID,
					"wechat.login.secret=" + SECRET, "wechat.login.api-base-url=http://unused.invalid")
			.withBean(WeChatLoginReactiveClientConfiguration.WEB_CLIENT_BEAN_NAME, WebClient.class,
					() -> WebClient.builder().baseUrl(simulator.getBaseUrl()).filter((request, next) -> {
						calls.incrementAndGet();
						return next.exchange(request);
					}).build())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WeChatLoginReactiveClientConfiguration.CONNECTOR_BEAN_NAME);
				StepVerifier.create(login(context, code("o-own-client")))
					.assertNext((result) -> assertThat(result).isInstanceOf(WeChatAuthentication.class))
					.expectComplete()
					.verify(WAIT);
				assertThat(calls).hasValue(1);
			});
	}

	private ReactiveWebApplicationContextRunner miniProgram(String property) {
		return this.contextRunner.withPropertyValues("wechat.login.type=mini-program",
				"wechat.login.app-id=" + MINI_APP_ID, "wechat.login.secret=" + SECRET,
				"wechat.login.api-base-url=" + simulator.getBaseUrl(), property);
	}

	private ReactiveWebApplicationContextRunner multiApp(String property) {
		return this.contextRunner.withPropertyValues("wechat.login.app-id=" + APP_ID, "wechat.login.secret=" + SECRET,
				"wechat.login.api-base-url=" + simulator.getBaseUrl(), property);
	}

	private static String code(String openid) {
		return simulator.issueCode(MINI_APP_ID, SimulatedUser.miniProgram(openid, null));
	}

	private static WeChatRegistration registration(AssertableReactiveWebApplicationContext context) {
		return context.getBean(WeChatRegistrationRepository.class).findByRegistrationId("default");
	}

	private static Mono<Authentication> login(AssertableReactiveWebApplicationContext context, String code) {
		WeChatReactiveAuthenticationManager manager = (WeChatReactiveAuthenticationManager) context
			.getBean(WeChatLoginReactiveClientConfiguration.AUTHENTICATION_MANAGER_BEAN_NAME);
		return manager.authenticate(new WeChatCodeAuthenticationToken("default", code));
	}

	private static void assertUnavailable(Throwable ex) {
		assertThat(ex).isInstanceOf(WeChatAuthenticationServiceException.class);
		assertThat(((WeChatAuthenticationServiceException) ex).getError().getErrorCode())
			.isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
	}

	/**
	 * A jscode2session answer of about the given size.
	 */
	private static String answer(String openid, int size) {
		String answer = "{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXktMTIzNA==\",\"padding\":\"\"}";
		return answer.replace("\"padding\":\"\"",
				"\"padding\":\"" + "p".repeat(Math.max(0, size - answer.length())) + "\"");
	}

	/**
	 * A listening socket that never accepts, its backlog filled (see {@code ClientKnobTests}).
	 */
	private static ServerSocket fullBacklog() throws IOException {
		ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		int timeouts = 0;
		for (int i = 0; i < 32 && timeouts < 2; i++) {
			Socket filler = new Socket();
			try {
				filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()), 500);
				backlog.add(filler);
				timeouts = 0;
			}
			catch (SocketTimeoutException ex) {
				filler.close();
				timeouts++;
			}
		}
		if (timeouts < 2) {
			throw new IllegalStateException("The backlog of port " + socket.getLocalPort() + " does not fill up");
		}
		return socket;
	}

}
