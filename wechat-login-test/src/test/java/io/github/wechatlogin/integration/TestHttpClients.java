package io.github.wechatlogin.integration;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP client of the integration suites that run on both stacks.
 */
final class TestHttpClients {

	private TestHttpClients() {
	}

	/**
	 * A client that speaks HTTP/1.1 only: the JDK client's default h2c upgrade on plain http is
	 * no part of the tests.
	 * @return a new client
	 */
	static HttpClient http11() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
	}

}
