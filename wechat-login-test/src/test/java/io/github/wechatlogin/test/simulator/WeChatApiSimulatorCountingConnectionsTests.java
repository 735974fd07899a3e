package io.github.wechatlogin.test.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatApiSimulator#openConnections()}, and every test of
 * {@link WeChatApiSimulatorTests} again on a simulator that counts its connections: the relay that
 * counts them changes nothing a client sees.
 *
 * @author wechat-login
 */
class WeChatApiSimulatorCountingConnectionsTests extends WeChatApiSimulatorTests {

	/**
	 * How long a connection may take to be seen opened or closed: the relay sees it at once, this
	 * is for a loaded machine.
	 */
	private static final Duration SETTLE = Duration.ofSeconds(10);

	@Override
	WeChatApiSimulator.Builder simulatorBuilder() {
		return WeChatApiSimulator.builder().countConnections();
	}

	@Test
	void openConnectionsWhenClientsConnectAndCloseThenCounted() throws Exception {
		assertThat(simulator().openConnections()).isZero();
		List<Socket> sockets = List.of(connect(), connect(), connect());
		try {
			awaitOpenConnections(3);
			for (int i = 0; i < sockets.size(); i++) {
				sockets.get(i).close();
				awaitOpenConnections(2 - i);
			}
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	@Test
	void openConnectionsWhenRequestsReuseAKeepAliveConnectionThenOne() throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (int i = 0; i < 5; i++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(simulator().getBaseUrl() + "/simulator/codes"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"openid\":\"o-" + i + "\"}"))
				.timeout(SETTLE)
				.build();
			assertThat(http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		}
		awaitOpenConnections(1);
	}

	@Test
	void openConnectionsWhenSimulatorClosedAConnectionThenCountedUntilTheClientClosesIt() throws Exception {
		simulator().enqueueFault(Endpoint.TOKEN, Fault.connectionReset());
		try (Socket leaky = connect()) {
			leaky.getOutputStream()
				.write("GET /cgi-bin/token HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			leaky.getOutputStream().flush();
			// the status line and headers, then the end of the stream: the simulator closed its side
			assertThat(new String(leaky.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
				.startsWith("HTTP/1.1 200");
			try (Socket other = connect()) {
				assertThat(other.isConnected()).isTrue();
				awaitOpenConnections(2);
			}
			awaitOpenConnections(1);
		}
		awaitOpenConnections(0);
	}

	@Test
	void closeWhenConnectionsOpenThenClosesThem() throws Exception {
		try (Socket socket = connect()) {
			awaitOpenConnections(1);
			simulator().close();
			socket.setSoTimeout((int) SETTLE.toMillis());
			assertThat(readOrEndOfStream(socket.getInputStream())).isEqualTo(-1);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), simulator().getPort());
		socket.setSoTimeout((int) SETTLE.toMillis());
		return socket;
	}

	private void awaitOpenConnections(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		while (simulator().openConnections() != expected && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(simulator().openConnections()).as("open connections").isEqualTo(expected);
	}

	private static int readOrEndOfStream(InputStream in) throws IOException {
		try {
			return in.read();
		}
		catch (SocketTimeoutException ex) {
			throw ex;
		}
		catch (IOException ex) {
			// a reset connection is closed too
			return -1;
		}
	}

}
