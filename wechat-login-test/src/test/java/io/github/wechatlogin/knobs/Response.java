package io.github.wechatlogin.knobs;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP answer of a running knob application, read as a whole.
 *
 * @param status the status code
 * @param headers the headers
 * @param body the body
 * @param millis how long the exchange took
 */
record Response(int status, Map<String, List<String>> headers, String body, long millis) {

	static Response of(HttpResponse<String> response, long millis) {
		return new Response(response.statusCode(), response.headers().map(), response.body(), millis);
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

	String text(String field) {
		JsonNode value = json().get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

}
