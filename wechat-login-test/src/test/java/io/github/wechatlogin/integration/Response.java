package io.github.wechatlogin.integration;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP answer of a running test application, read as a whole.
 *
 * @param status the status code
 * @param headers the headers
 * @param body the body
 */
record Response(int status, Map<String, List<String>> headers, String body) {

	static Response of(HttpResponse<String> response) {
		return new Response(response.statusCode(), response.headers().map(), response.body());
	}

	String header(String name) {
		return this.headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.map((entry) -> entry.getValue().get(0))
			.findFirst()
			.orElse(null);
	}

	JsonNode json() {
		return JsonMapper.shared().readTree(this.body);
	}

}
