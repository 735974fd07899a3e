package io.github.wechatlogin.knobs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.wechatlogin.client.CachingWeChatApiAccessTokenProvider;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.MutableClock;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings of the client that calls WeChat, against the simulator (its faults, latency and
 * request counts), and against a port that accepts no connection for the connect timeout.
 */
class ClientKnobTests {

	private static final String APP_ID = "wx-knob-client";

	private static final String MINI_APP_ID = "wx-knob-client-mini";

	private static final String SECRET = "knob-client-app-secret";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder()
		.app(APP_ID, SECRET)
		.app(MINI_APP_ID, SECRET)
		.build();

	/** Every client setting but the connect timeout, against the simulator. */
	private static KnobApp app;

	/** A 300 ms connect timeout, against a port whose backlog is full. */
	private static KnobApp unreachableApp;

	private static ServerSocket unreachable;

	private static final List<Socket> backlog = new ArrayList<>();

	@BeforeAll
	static void start() throws IOException {
		simulator.start();
		app = KnobApp.start(KnobApplication.class, simulator, "wechat.login.app-id=" + APP_ID,
				"wechat.login.secret=" + SECRET, "wechat.login.apps.mini.type=mini-program",
				"wechat.login.apps.mini.app-id=" + MINI_APP_ID, "wechat.login.apps.mini.secret=" + SECRET,
				"wechat.login.client.access-token-endpoint=classic", "wechat.login.client.read-timeout=1s",
				"wechat.login.client.max-response-size=1KB", "wechat.login.client.access-token-refresh-margin=30m",
				"wechat.login.client.access-token-failure-backoff=0s");
		unreachable = fullBacklog();
		unreachableApp = KnobApp.startWithApiBaseUrl(KnobApplication.class, simulator,
				"http://127.0.0.1:" + unreachable.getLocalPort(), "wechat.login.type=mini-program",
				"wechat.login.app-id=" + MINI_APP_ID, "wechat.login.secret=" + SECRET,
				"wechat.login.client.connect-timeout=300ms", "wechat.login.client.read-timeout=20s");
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(app, unreachableApp, simulator);
		for (Socket socket : backlog) {
			socket.close();
		}
		KnobApp.closeAll(unreachable);
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	@Knob(properties = "wechat.login.api-base-url")
	void apiBaseUrlWhenSetThenWeChatIsCalledThere() throws Exception {
		Response login = app.login("/login/wechat/mini", MINI_APP_ID, "o-base-url");
		assertThat(login.text("openid")).isEqualTo("o-base-url");
		assertThat(simulator.requests(Endpoint.JSCODE2SESSION)).singleElement()
			.satisfies((request) -> assertThat(request.queryParameter("appid")).isEqualTo(MINI_APP_ID));
	}

	@Test
	@Knob(properties = "wechat.login.client.access-token-endpoint")
	void accessTokenEndpointWhenClassicThenTokenFromCgiBinToken() throws Exception {
		app.login("/login/wechat", APP_ID, "o-classic");
		assertThat(simulator.requestCount(Endpoint.TOKEN)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isZero();
		assertThat(simulator.requests(Endpoint.TOKEN).get(0).queryParameter("appid")).isEqualTo(APP_ID);
	}

	@Test
	@Knob(properties = "wechat.login.client.read-timeout")
	void readTimeoutWhenSetThenSlowAnswerIsUnavailableWellBeforeItArrives() throws Exception {
		// warm: the client, the access token and the server are ready, the timing is the call's
		app.login("/login/wechat", APP_ID, "o-warm");
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.delay(Duration.ofSeconds(4)));
		Response login = app.loginWith("/login/wechat", app.code(APP_ID, "o-slow"), null);
		// with the default 5 s, this login would succeed once the answer arrives
		assertThat(login.status()).as(login.body()).isEqualTo(503);
		assertThat(login.text("error")).isEqualTo("upstream_unavailable");
		assertThat(login.millis()).isLessThan(3500);
	}

	@Test
	@Knob(properties = "wechat.login.client.connect-timeout")
	void connectTimeoutWhenSetThenUnreachableWeChatIsUnavailableWithinIt() throws Exception {
		// warm: the client and the server are ready, the timing is the connection's
		assertThat(unreachableApp.loginWith("/login/wechat", "code-warm", null).status()).isEqualTo(503);
		Response login = unreachableApp.loginWith("/login/wechat", "code-unreachable", null);
		assertThat(login.status()).as(login.body()).isEqualTo(503);
		assertThat(login.text("error")).isEqualTo("upstream_unavailable");
		// the default connect timeout (2 s) would take longer, the read timeout (20 s) much longer
		assertThat(login.millis()).isLessThan(1800);
	}

	@Test
	@Knob(properties = "wechat.login.client.max-response-size")
	void maxResponseSizeWhenSetThenLargerAnswerIsUnavailable() throws Exception {
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.body("text/plain", answer("o-small", 100)));
		Response small = app.loginWith("/login/wechat/mini", "code-small", null);
		assertThat(small.status()).as(small.body()).isEqualTo(200);
		assertThat(small.text("openid")).isEqualTo("o-small");
		// well below the default 64KB, above 1KB
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.body("text/plain", answer("o-large", 4096)));
		Response large = app.loginWith("/login/wechat/mini", "code-large", null);
		assertThat(large.status()).as(large.body()).isEqualTo(503);
		assertThat(large.text("error")).isEqualTo("upstream_unavailable");
	}

	@Test
	@Knob(properties = "wechat.login.client.access-token-refresh-margin")
	void accessTokenRefreshMarginWhenSetThenTokenFetchedAnewThatLongBeforeExpiry() throws Exception {
		CachingWeChatApiAccessTokenProvider provider = app.bean(CachingWeChatApiAccessTokenProvider.class);
		MutableClock clock = new MutableClock(Instant.now());
		provider.setClock(clock);
		try {
			app.login("/login/wechat", APP_ID, "o-margin-1");
			int fetches = simulator.requestCount(Endpoint.TOKEN);
			assertThat(fetches).isEqualTo(1);
			// the simulator's tokens live 2 hours: 30 minutes before that, at 1:30, it is fetched anew
			clock.advance(Duration.ofMinutes(89));
			app.login("/login/wechat", APP_ID, "o-margin-2");
			assertThat(simulator.requestCount(Endpoint.TOKEN)).isEqualTo(fetches);
			clock.advance(Duration.ofMinutes(2));
			app.login("/login/wechat", APP_ID, "o-margin-3");
			assertThat(simulator.requestCount(Endpoint.TOKEN)).isEqualTo(fetches + 1);
		}
		finally {
			provider.setClock(Clock.systemUTC());
		}
	}

	@Test
	@Knob(properties = "wechat.login.client.access-token-failure-backoff")
	void accessTokenFailureBackoffWhenZeroThenFailedFetchIsTriedAgainAtOnce() throws Exception {
		simulator.enqueueFault(Endpoint.TOKEN, Fault.errcode(-1));
		Response failed = app.loginWith("/login/wechat", app.code(APP_ID, "o-backoff-1"), null);
		assertThat(failed.status()).as(failed.body()).isEqualTo(503);
		assertThat(simulator.requestCount(Endpoint.TOKEN)).isEqualTo(1);
		// with a backoff, this login would be answered 503 from memory, without asking WeChat
		app.login("/login/wechat", APP_ID, "o-backoff-2");
		assertThat(simulator.requestCount(Endpoint.TOKEN)).isEqualTo(2);
	}

	/**
	 * A jscode2session answer of about the given size.
	 */
	private static String answer(String openid, int size) {
		String answer = "{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXktMTIzNA==\",\"padding\":\"\"}";
		return answer.replace("\"padding\":\"\"", "\"padding\":\"" + "p".repeat(Math.max(0, size - answer.length())) + "\"");
	}

	/**
	 * A listening socket that never accepts, its backlog filled: connecting to it waits for a
	 * SYN answer that never comes, as with an unreachable host. Filled until two connections in a
	 * row time out, as one may time out only because this thread was not scheduled in time (its
	 * connection then takes a place in the backlog).
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
