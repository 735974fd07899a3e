package io.github.wechatlogin.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.function.Function;

import io.github.wechatlogin.core.BoundedReads;
import io.micrometer.observation.Observation;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;

/**
 * Performs one call to a WeChat API over a {@link RestClient}: the transport of
 * {@link WeChatApiCalls}, which holds the size limit, the observation and the reading of the
 * answer. Failures become {@link WeChatApiException}s whose messages name neither the URL nor
 * its parameters.
 *
 * @author wechat-login developers
 */
final class WeChatApiCaller {

	private final RestClient restClient;

	private final WeChatApiCalls calls;

	WeChatApiCaller(RestClient restClient, WeChatApiCalls calls) {
		Assert.notNull(restClient, "restClient cannot be null");
		Assert.notNull(calls, "calls cannot be null");
		this.restClient = restClient;
		this.calls = calls;
	}

	JsonNode get(String api, Function<UriBuilder, URI> uri) {
		return execute(WeChatApiRequest.get(api, uri));
	}

	JsonNode postJson(String api, Function<UriBuilder, URI> uri, Object body) {
		return execute(WeChatApiRequest.postJson(api, uri, body));
	}

	JsonNode execute(WeChatApiRequest request) {
		Observation observation = this.calls.start(request.api());
		try (Observation.Scope scope = observation.openScope()) {
			JsonNode answer = WeChatApiCalls.parse(request.api(), send(request));
			WeChatApiCalls.answered(observation, answer);
			return answer;
		}
		catch (WeChatApiException ex) {
			WeChatApiCalls.failed(observation, ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private byte[] send(WeChatApiRequest request) {
		RestClient.RequestBodySpec spec = this.restClient.method(request.method()).uri(request.uri());
		byte[] json = request.json();
		if (json != null) {
			spec.contentType(MediaType.APPLICATION_JSON).body(json);
		}
		try {
			return spec.exchange((clientRequest, response) -> read(request.api(), response.getStatusCode(),
					response.getHeaders().getContentLength(), response.getBody()), true);
		}
		catch (RestClientException ex) {
			throw WeChatApiCalls.transportFailure(request.api(), ex);
		}
	}

	private byte[] read(String api, HttpStatusCode status, long contentLength, InputStream body) throws IOException {
		WeChatApiCalls.checkStatus(api, status);
		byte[] bytes = BoundedReads.readAtMost(body, this.calls.maxResponseSize(), contentLength);
		if (bytes == null) {
			throw this.calls.tooLarge(api);
		}
		return bytes;
	}

}
