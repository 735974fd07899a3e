package io.github.wechatlogin.client;

import java.net.URI;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriBuilder;

/**
 * One call to a WeChat API, as both transports send it: the API's name (for observations and
 * messages), the method, the URI built from the client's base URL (every parameter a template
 * variable, so that each one is URL-encoded) and, for a POST, the JSON body, serialized here
 * rather than by the HTTP client, which may log a body object at DEBUG (and these hold the
 * secret).
 *
 * @param api the API's name, such as {@code sns/jscode2session}
 * @param method the HTTP method
 * @param uri the URI, built from the client's base URL
 * @param json the JSON body, or {@code null} for none
 * @author wechat-login developers
 */
record WeChatApiRequest(String api, HttpMethod method, Function<UriBuilder, URI> uri, byte @Nullable [] json) {

	static WeChatApiRequest get(String api, Function<UriBuilder, URI> uri) {
		return new WeChatApiRequest(api, HttpMethod.GET, uri, null);
	}

	static WeChatApiRequest postJson(String api, Function<UriBuilder, URI> uri, Object body) {
		return new WeChatApiRequest(api, HttpMethod.POST, uri, WeChatApiCalls.JSON.writeValueAsBytes(body));
	}

	@Override
	public String toString() {
		return "WeChatApiRequest[" + this.method + " " + this.api + "]";
	}

}
