package io.github.wechatlogin.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.autoconfigure.WeChatApiTestRequestFactory;
import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static io.github.wechatlogin.client.WeChatApiTestSupport.MINI_PROGRAM_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Upstream faults on the Apache HttpClient 5 transport ({@code wechat.login.client.http-client=apache}):
 * the simulator's slow, reset, endless answers, a body trickling below the per-read timeout, an
 * exhausted pool and a refused connection, each with its code outcome and within its timeouts.
 */
class ApacheTransportFaultsTests extends AbstractSimulatorTests {

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);

	private static final Duration READ_TIMEOUT = Duration.ofMillis(800);

	private ClientHttpRequestFactory factory;

	@AfterEach
	void closeFactory() throws IOException {
		if (this.factory != null) {
			((java.io.Closeable) this.factory).close();
		}
	}

	private RestClientJsCode2SessionExchanger exchanger(String baseUrl, int maxConnections) {
		this.factory = WeChatApiTestRequestFactory.createApache(CONNECT_TIMEOUT, READ_TIMEOUT, maxConnections);
		return new RestClientJsCode2SessionExchanger(
				RestClient.builder().baseUrl(baseUrl).requestFactory(this.factory).build());
	}

	@Test
	void exchangeWhenValidCodeThenIdentityAndConnectionBackInPool() {
		RestClientJsCode2SessionExchanger exchanger = exchanger(simulator.getBaseUrl(), 4);
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-1", "u-1"));
		assertThat(exchanger.exchange(request(code)).getOpenid()).isEqualTo("o-1");
		assertThat(WeChatApiTestRequestFactory.leasedConnections(this.factory)).isZero();
	}

	@Test
	void exchangeWhenAnswerLateThenPossiblyRedeemedWithinReadTimeout() {
		RestClientJsCode2SessionExchanger exchanger = exchanger(simulator.getBaseUrl(), 4);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(Duration.ofSeconds(3)));
		long started = System.nanoTime();
		WeChatApiException ex = failure(exchanger, "late");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT.plusMillis(700));
		assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
	}

	@Test
	void exchangeWhenConnectionResetAfterRequestThenPossiblyRedeemedAndNotResent() {
		RestClientJsCode2SessionExchanger exchanger = exchanger(simulator.getBaseUrl(), 4);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.connectionReset());
		assertThat(failure(exchanger, "reset").getCodeOutcome()).isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.noResponse());
		assertThat(failure(exchanger, "closed").getCodeOutcome()).isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
		// no automatic retry: each code reached the simulator once
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(2);
	}

	@Test
	void exchangeWhenEndlessBodyThenTooLargeAndConnectionAbortedNotDrained() {
		RestClientJsCode2SessionExchanger exchanger = exchanger(simulator.getBaseUrl(), 4);
		exchanger.setMaxResponseSize(1024);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.endlessBody(200, false));
		long started = System.nanoTime();
		WeChatApiException ex = failure(exchanger, "huge");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT);
		assertThat(ex.getMessage()).contains("more than 1024 bytes");
		assertThat(WeChatApiTestRequestFactory.leasedConnections(this.factory)).isZero();
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-2", null));
		assertThat(exchanger.exchange(request(code)).getOpenid()).isEqualTo("o-2");
	}

	@Test
	void exchangeWhenPoolExhaustedThenNotRedeemedAndNotSent() throws Exception {
		RestClientJsCode2SessionExchanger exchanger = exchanger(simulator.getBaseUrl(), 1);
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(Duration.ofMillis(600)));
		CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
			try {
				exchanger.exchange(request("holds-the-connection"));
				return null;
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});
		Thread.sleep(150);
		WeChatApiException ex = failure(exchanger, "waits-for-the-pool");
		assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.NOT_REDEEMED);
		first.get(5, TimeUnit.SECONDS);
		assertThat(simulator.requests(Endpoint.JSCODE2SESSION))
			.noneSatisfy((recorded) -> assertThat(recorded.query()).containsValue("waits-for-the-pool"));
	}

	@Test
	void exchangeWhenConnectionRefusedThenNotRedeemed() throws IOException {
		int port;
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = closed.getLocalPort();
		}
		RestClientJsCode2SessionExchanger exchanger = exchanger("http://127.0.0.1:" + port, 4);
		assertThat(failure(exchanger, "refused").getCodeOutcome()).isEqualTo(CodeOutcome.NOT_REDEEMED);
	}

	@Test
	void exchangeWhenBodyTricklesThenFailsAtTheWholeAnswerDeadline() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
			Thread trickler = new Thread(() -> trickle(server));
			trickler.setDaemon(true);
			trickler.start();
			RestClientJsCode2SessionExchanger exchanger = exchanger(
					"http://127.0.0.1:" + server.getLocalPort(), 4);
			long started = System.nanoTime();
			WeChatApiException ex = failure(exchanger, "trickled");
			// a byte every 100 ms never trips the 800 ms per-read timeout; the deadline ends it
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT.plusMillis(700));
			assertThat(ex.getCodeOutcome()).isEqualTo(CodeOutcome.POSSIBLY_REDEEMED);
		}
	}

	private static void trickle(ServerSocket server) {
		try (Socket socket = server.accept()) {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			in.read(buffer);
			OutputStream out = socket.getOutputStream();
			out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			for (int i = 0; i < 1000; i++) {
				out.write(' ');
				out.flush();
				Thread.sleep(100);
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client hung up
		}
	}

	private static WeChatApiException failure(WeChatCodeExchanger exchanger, String code) {
		WeChatApiException ex = catchThrowableOfType(WeChatApiException.class,
				() -> exchanger.exchange(request(code)));
		assertThat(ex).as("expected a WeChatApiException").isNotNull();
		return ex;
	}

	private static WeChatCodeExchangeRequest request(String code) {
		return new WeChatCodeExchangeRequest(WeChatApiTestSupport.miniProgram(), code);
	}

}
