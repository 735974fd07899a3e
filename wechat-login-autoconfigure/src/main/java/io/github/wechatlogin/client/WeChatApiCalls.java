package io.github.wechatlogin.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.util.Assert;

/**
 * What a call to a WeChat API is, whatever carries it ({@code RestClient} in
 * {@link WeChatApiCaller}, {@code WebClient} in {@link WebClientWeChatApiCaller}): the size
 * limit and the observation registry, the observation named {@value #OBSERVATION_NAME} around
 * each call (low-cardinality keys {@code api}, {@code outcome}, {@code errcode}; never a
 * parameter), the reading of an answer as a JSON object whatever content type it was served
 * with, and the classification of a failure: not connected, so the request cannot have been sent
 * ({@link WeChatApiException.CodeOutcome#NOT_REDEEMED}), or failed after sending
 * ({@link WeChatApiException.CodeOutcome#POSSIBLY_REDEEMED}). The transports only move bytes.
 *
 * @author wechat-login developers
 */
final class WeChatApiCalls {

	static final int DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024;

	/**
	 * The name of the observation around each WeChat API call, and of the timer made from it.
	 */
	static final String OBSERVATION_NAME = "wechat.login.api";

	static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
		.build()).build();

	private int maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	void setMaxResponseSize(int maxResponseSize) {
		Assert.isTrue(maxResponseSize > 0, "maxResponseSize must be positive");
		this.maxResponseSize = maxResponseSize;
	}

	void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

	int maxResponseSize() {
		return this.maxResponseSize;
	}

	/**
	 * Start the observation of a call.
	 */
	Observation start(String api) {
		return Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry)
			.contextualName("wechat " + api)
			.lowCardinalityKeyValue("api", api)
			.start();
	}

	/**
	 * Record that WeChat answered (whatever its errcode); the caller stops the observation.
	 */
	static void answered(Observation observation, JsonNode answer) {
		int errcode = errcode(answer);
		observation.lowCardinalityKeyValue("outcome", (errcode != 0) ? "errcode" : "ok");
		observation.lowCardinalityKeyValue("errcode", Integer.toString(errcode));
	}

	/**
	 * Record that the call failed without an answer; the caller stops the observation.
	 */
	static void failed(Observation observation, Throwable ex) {
		observation.lowCardinalityKeyValue("outcome", "unavailable");
		observation.lowCardinalityKeyValue("errcode", "none");
		observation.error(ex);
	}

	/**
	 * Record that the caller cancelled the call before it ended; the caller stops the
	 * observation.
	 */
	static void cancelled(Observation observation) {
		observation.lowCardinalityKeyValue("outcome", "cancelled");
		observation.lowCardinalityKeyValue("errcode", "none");
	}

	/**
	 * Refuse an answer whose status is not 2xx: WeChat answers its errors with 200 and an
	 * errcode, so anything else comes from something in between.
	 */
	static void checkStatus(String api, HttpStatusCode status) {
		if (!status.is2xxSuccessful()) {
			throw WeChatApiErrors.failedAfterSending(api, "answered with HTTP status " + status.value());
		}
	}

	/**
	 * The failure of an answer longer than the size limit.
	 */
	WeChatApiException tooLarge(String api) {
		return WeChatApiErrors.failedAfterSending(api, "answered with more than " + this.maxResponseSize + " bytes");
	}

	/**
	 * The failure of a transport that threw, classified by whether the request can have been
	 * sent; the message names the type of the innermost cause, never the URL.
	 */
	static WeChatApiException transportFailure(String api, Throwable ex) {
		if (ex instanceof WeChatApiException apiException) {
			return apiException;
		}
		String reason = "could not be reached (" + describe(ex) + ")";
		return isNotConnected(ex) ? WeChatApiErrors.unavailable(api, null, reason)
				: WeChatApiErrors.failedAfterSending(api, reason);
	}

	/**
	 * The failure of a transport that threw before the request was handed to a connection
	 * (known by the transport), so that it cannot have been sent.
	 */
	static WeChatApiException notSent(String api, Throwable ex) {
		return WeChatApiErrors.unavailable(api, null, "could not be reached (" + describe(ex) + ")");
	}

	/**
	 * Read an answer, which must be a JSON object.
	 */
	static JsonNode parse(String api, byte[] body) {
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

	/**
	 * Whether a transport failure happened before any connection was made (refused, timed out
	 * connecting, unknown host, no connection from the pool within its wait or room among its
	 * waiters), so that the request cannot have been sent.
	 */
	static boolean isNotConnected(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
					|| cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException
					|| isPoolAcquireFailure(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the failure is Reactor Netty's pool refusing a connection (its reactor-pool is
	 * shaded, so the exceptions are known by name): {@code PoolAcquireTimeoutException} (no
	 * connection within the pending-acquire timeout) or {@code PoolAcquirePendingLimitException}
	 * (too many waiters).
	 */
	private static boolean isPoolAcquireFailure(Throwable ex) {
		String name = ex.getClass().getSimpleName();
		return name.equals("PoolAcquireTimeoutException") || name.equals("PoolAcquirePendingLimitException");
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName();
	}

}
