package io.github.wechatlogin.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BlockingJdkClientHttpRequestFactory} against a real HTTP server on loopback.
 */
class BlockingJdkClientHttpRequestFactoryTests {

	// long enough for a first request on a loaded build machine
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	// how late the slow answers are: far beyond the read timeout
	private static final Duration LATE = Duration.ofSeconds(6);

	private static final Map<String, String> received = new ConcurrentHashMap<>();

	private static HttpServer server;

	private final BlockingJdkClientHttpRequestFactory factory = factory(READ_TIMEOUT);

	@BeforeAll
	static void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/echo", BlockingJdkClientHttpRequestFactoryTests::echo);
		server.createContext("/slow-headers", (exchange) -> {
			sleep(LATE);
			answer(exchange, 200, "late".getBytes(StandardCharsets.UTF_8));
		});
		server.createContext("/stalled-body", (exchange) -> {
			exchange.sendResponseHeaders(200, 10);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write("{\"a\":".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				sleep(LATE);
				out.write("\"bc\"}".getBytes(StandardCharsets.US_ASCII));
			}
			catch (IOException ex) {
				// the client hung up
			}
		});
		server.createContext("/teapot", (exchange) -> answer(exchange, 418, new byte[0]));
		server.start();
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	@Test
	void executeWhenPostWithHeadersThenServerReceivesThemAndAnswerIsRead() throws IOException {
		ClientHttpRequest request = this.factory.createRequest(uri("/echo?x=1"), HttpMethod.POST);
		request.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		request.getHeaders().add("X-Trace", "t-1");
		request.getHeaders().add("Connection", "close");
		StreamUtils.copy("{\"k\":\"v\"}", StandardCharsets.UTF_8, request.getBody());
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getStatusText()).isEqualTo("OK");
			assertThat(response.getHeaders().getFirst("x-echo-method")).isEqualTo("POST");
			assertThat(response.getHeaders().getFirst("X-Echo-Method")).isEqualTo("POST");
			assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\"}");
		}
		assertThat(received).containsEntry("method", "POST")
			.containsEntry("query", "x=1")
			.containsEntry("content-type", "application/json")
			.containsEntry("x-trace", "t-1");
	}

	@Test
	void executeWhenGetThenNoBodySent() throws IOException {
		try (ClientHttpResponse response = this.factory.createRequest(uri("/echo"), HttpMethod.GET).execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(StreamUtils.copyToByteArray(response.getBody())).isEmpty();
		}
		assertThat(received).containsEntry("method", "GET").containsEntry("length", "0");
	}

	@Test
	void executeWhenUnusualStatusThenStatusKept() throws IOException {
		try (ClientHttpResponse response = this.factory.createRequest(uri("/teapot"), HttpMethod.GET).execute()) {
			assertThat(response.getStatusCode().value()).isEqualTo(418);
		}
	}

	@Test
	void executeWhenHeadersLaterThanReadTimeoutThenTimeout() {
		// without the timeout the answer would arrive, LATE
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> this.factory.createRequest(uri("/slow-headers"), HttpMethod.GET).execute());
	}

	@Test
	void readWhenBodyStallsBeyondReadTimeoutThenTimeout() throws IOException {
		try (ClientHttpResponse response = this.factory.createRequest(uri("/stalled-body"), HttpMethod.GET)
			.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			InputStream body = response.getBody();
			// without the deadline the body would be complete, LATE
			assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> StreamUtils.copyToByteArray(body));
		}
	}

	@Test
	void readWhenBodyReadWithinReadTimeoutThenComplete() throws Exception {
		for (int i = 0; i < 3; i++) {
			ClientHttpRequest request = this.factory.createRequest(uri("/echo"), HttpMethod.POST);
			StreamUtils.copy("abc" + i, StandardCharsets.UTF_8, request.getBody());
			try (ClientHttpResponse response = request.execute()) {
				Thread.sleep(READ_TIMEOUT.dividedBy(3).toMillis());
				assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("abc" + i);
			}
		}
		// the deadlines of the closed answers do not disturb a later request
		Thread.sleep(READ_TIMEOUT.toMillis());
		try (ClientHttpResponse response = this.factory.createRequest(uri("/echo"), HttpMethod.GET).execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
	}

	@Test
	void setReadTimeoutWhenNotPositiveThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.factory.setReadTimeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> this.factory.setReadTimeout(Duration.ofSeconds(-1)));
	}

	private static BlockingJdkClientHttpRequestFactory factory(Duration readTimeout) {
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(1))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		BlockingJdkClientHttpRequestFactory factory = new BlockingJdkClientHttpRequestFactory(httpClient);
		factory.setReadTimeout(readTimeout);
		return factory;
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
	}

	private static void echo(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		received.clear();
		received.put("method", exchange.getRequestMethod());
		received.put("length", String.valueOf(body.length));
		String query = exchange.getRequestURI().getRawQuery();
		if (query != null) {
			received.put("query", query);
		}
		exchange.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(), values.get(0)));
		exchange.getResponseHeaders().set("X-Echo-Method", exchange.getRequestMethod());
		answer(exchange, 200, body);
	}

	private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, (body.length != 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
