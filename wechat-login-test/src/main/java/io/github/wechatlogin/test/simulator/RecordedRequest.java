package io.github.wechatlogin.test.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A request received by the {@link WeChatApiSimulator}, kept for assertions.
 * <p>
 * {@link #toString()} masks secrets; the accessors return the values as received.
 *
 * @param method the HTTP method, for example {@code GET}
 * @param path the request path, without the query string
 * @param query the decoded query parameters (the first value of each name), in request
 * order
 * @param body the request body decoded as UTF-8, empty if there was none
 * @author wechat-login
 */
public record RecordedRequest(String method, String path, Map<String, String> query, String body) {

	private static final Set<String> SECRET_PARAMETERS = Set.of("secret", "appsecret", "access_token");

	private static final Pattern SECRET_IN_BODY = Pattern.compile("(\"(?:secret|appsecret)\"\\s*:\\s*\")[^\"]*(\")");

	/**
	 * Create a new {@link RecordedRequest}; the query map is copied.
	 * @param method the HTTP method
	 * @param path the request path
	 * @param query the decoded query parameters
	 * @param body the request body
	 */
	public RecordedRequest {
		query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
	}

	/**
	 * Return the value of a query parameter.
	 * @param name the parameter name
	 * @return the decoded value or {@code null} if the parameter was absent
	 */
	public @Nullable String queryParameter(String name) {
		return this.query.get(name);
	}

	@Override
	public String toString() {
		Map<String, String> masked = new LinkedHashMap<>();
		this.query.forEach((name, value) -> masked.put(name, SECRET_PARAMETERS.contains(name) ? "******" : value));
		String maskedBody = SECRET_IN_BODY.matcher(this.body).replaceAll("$1******$2");
		return "RecordedRequest[method=" + this.method + ", path=" + this.path + ", query=" + masked + ", body="
				+ maskedBody + "]";
	}

}
