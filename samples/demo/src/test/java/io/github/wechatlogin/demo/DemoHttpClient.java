package io.github.wechatlogin.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the tests: real requests over the loopback interface to the running
 * demo and simulator.
 *
 * @author wechat-login developers
 */
final class DemoHttpClient {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final String baseUrl;

	DemoHttpClient(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	Response get(String path) {
		return get(path, null);
	}

	Response get(String path, @Nullable String bearerToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		return send(request.build());
	}

	Response postJson(String pathOrUrl, Object body) {
		return postJson(pathOrUrl, body, null);
	}

	Response postJson(String pathOrUrl, Object body, @Nullable String bearerToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathOrUrl))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		return send(request.build());
	}

	/**
	 * Log in with a code and return the access token, failing unless the login succeeded.
	 * @param loginPath the login path
	 * @param code the code
	 * @return the access token
	 */
	String login(String loginPath, String code) {
		Response response = postJson(loginPath, Map.of("code", code));
		if (response.status() != 200) {
			throw new IllegalStateException("Login failed with " + response.status() + ": " + response.body());
		}
		return (String) response.json().get("access_token");
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.baseUrl + pathOrUrl);
	}

	private Response send(HttpRequest request) {
		try {
			return new Response(this.client.send(request, HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(HttpResponse<String> response) {

		int status() {
			return this.response.statusCode();
		}

		String body() {
			return this.response.body();
		}

		@Nullable String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		Map<String, Object> json() {
			return JSON.readValue(body(), new TypeReference<Map<String, Object>>() {
			});
		}

	}

}
