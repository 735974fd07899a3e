package io.github.wechatlogin.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.function.Function;

import io.github.wechatlogin.core.BoundedReads;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;

/**
 * Performs one call to a WeChat API and reads its JSON answer, whatever content type it was
 * served with, up to a size limit, inside an observation named {@value #OBSERVATION_NAME}
 * (low-cardinality keys {@code api}, {@code outcome}, {@code errcode}; never a parameter).
 * Failures become {@link WeChatApiException}s whose messages name neither the URL nor its
 * parameters.
 *
 * @author wechat-login developers
 */
final class WeChatApiCaller {

	static final int DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024;

	/**
	 * The name of the observation around each WeChat API call, and of the timer made from it.
	 */
	static final String OBSERVATION_NAME = "wechat.login.api";

	private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
		.build()).build();

	private final RestClient restClient;

	private int maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	WeChatApiCaller(RestClient restClient) {
		Assert.notNull(restClient, "restClient cannot be null");
		this.restClient = restClient;
	}

	void setMaxResponseSize(int maxResponseSize) {
		Assert.isTrue(maxResponseSize > 0, "maxResponseSize must be positive");
		this.maxResponseSize = maxResponseSize;
	}

	void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

	JsonNode get(String api, Function<UriBuilder, URI> uri) {
		return execute(api, this.restClient.get().uri(uri));
	}

	JsonNode postJson(String api, Function<UriBuilder, URI> uri, Object body) {
		// serialized here: RestClient logs a body object at DEBUG, and this one holds the secret
		byte[] json = JSON.writeValueAsBytes(body);
		return execute(api, this.restClient.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(json));
	}

	/**
	 * Return the {@code errcode} of an answer, {@code 0} when it has none.
	 */
	static int errcode(JsonNode answer) {
		JsonNode errcode = answer.get("errcode");
		return (errcode != null && errcode.isIntegralNumber()) ? errcode.intValue() : 0;
	}

	static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private JsonNode execute(String api, RestClient.RequestHeadersSpec<?> request) {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry)
			.contextualName("wechat " + api)
			.lowCardinalityKeyValue("api", api)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			JsonNode answer = call(api, request);
			int errcode = errcode(answer);
			observation.lowCardinalityKeyValue("outcome", (errcode != 0) ? "errcode" : "ok");
			observation.lowCardinalityKeyValue("errcode", Integer.toString(errcode));
			return answer;
		}
		catch (WeChatApiException ex) {
			observation.lowCardinalityKeyValue("outcome", "unavailable");
			observation.lowCardinalityKeyValue("errcode", "none");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private JsonNode call(String api, RestClient.RequestHeadersSpec<?> request) {
		byte[] body;
		try {
			body = request.exchange((clientRequest, response) -> read(api, response.getStatusCode(),
					response.getHeaders().getContentLength(), response.getBody()), true);
		}
		catch (RestClientException ex) {
			String reason = "could not be reached (" + describe(ex) + ")";
			throw isNotConnected(ex) ? WeChatApiErrors.unavailable(api, null, reason)
					: WeChatApiErrors.failedAfterSending(api, reason);
		}
		try {
			JsonNode answer = JSON.readTree(body);
			if (answer == null || !answer.isObject()) {
				throw WeChatApiErrors.failedAfterSending(api, "answered with JSON that is not an object");
			}
			return answer;
		}
		catch (JacksonException ex) {
			throw WeChatApiErrors.failedAfterSending(api, "answered with a body that is not JSON");
		}
	}

	private byte[] read(String api, HttpStatusCode status, long contentLength, InputStream body)
			throws IOException {
		if (!status.is2xxSuccessful()) {
			throw WeChatApiErrors.failedAfterSending(api, "answered with HTTP status " + status.value());
		}
		byte[] bytes = BoundedReads.readAtMost(body, this.maxResponseSize, contentLength);
		if (bytes == null) {
			throw WeChatApiErrors.failedAfterSending(api,
					"answered with more than " + this.maxResponseSize + " bytes");
		}
		return bytes;
	}

	/**
	 * Whether a transport failure happened before any connection was made (refused, timed out
	 * connecting, unknown host), so that the request cannot have been sent.
	 */
	private static boolean isNotConnected(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
					|| cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName();
	}

}
