package io.github.wechatlogin.client;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Performs one call to a WeChat API over a {@link WebClient}, without blocking: the transport of
 * {@link WeChatApiCalls}, which holds the size limit, the observation and the reading of the
 * answer. The body is gathered up to the size limit as raw bytes (no codec, so a JSON answer
 * served as {@code text/plain} is read like any other).
 * <p>
 * The connect and read timeouts belong to the {@code WebClient}'s connector. The response
 * timeout, when set, bounds the whole answer (status line, headers and body) from subscription,
 * as the read timeout of the servlet client's request factory does: when it is up, the request
 * may have been sent, so the failure is {@link WeChatApiException.CodeOutcome#POSSIBLY_REDEEMED},
 * unless the {@code WebClient}'s connector is a {@link WeChatApiClientHttpConnector} that saw the
 * request still waiting for a connection (then, as when the connection pool had none to give,
 * {@link WeChatApiException.CodeOutcome#NOT_REDEEMED}).
 * <p>
 * An answer that is refused before its body is read (a status that is not 2xx, a
 * {@code Content-Length} above the limit) has its body cancelled rather than read to the end:
 * Reactor Netty then closes the connection instead of draining a body of any length into the
 * void before the failure is reported.
 *
 * @author wechat-login developers
 */
final class WebClientWeChatApiCaller {

	private final WebClient webClient;

	private final WeChatApiCalls calls;

	private @Nullable Duration responseTimeout;

	WebClientWeChatApiCaller(WebClient webClient, WeChatApiCalls calls) {
		Assert.notNull(webClient, "webClient cannot be null");
		Assert.notNull(calls, "calls cannot be null");
		this.webClient = webClient;
		this.calls = calls;
	}

	void setResponseTimeout(@Nullable Duration responseTimeout) {
		Assert.isTrue(responseTimeout == null || (!responseTimeout.isNegative() && !responseTimeout.isZero()),
				"responseTimeout must be positive");
		this.responseTimeout = responseTimeout;
	}

	Mono<JsonNode> execute(WeChatApiRequest request) {
		return Mono.defer(() -> {
			Observation observation = this.calls.start(request.api());
			WeChatApiClientHttpConnector.Sending sending = new WeChatApiClientHttpConnector.Sending();
			return send(request, sending).map((body) -> WeChatApiCalls.parse(request.api(), body))
				.doOnNext((answer) -> WeChatApiCalls.answered(observation, answer))
				.doOnError((ex) -> WeChatApiCalls.failed(observation, ex))
				.doOnCancel(() -> WeChatApiCalls.cancelled(observation))
				.doFinally((signal) -> observation.stop())
				.contextWrite((context) -> context.put(WeChatApiClientHttpConnector.Sending.CONTEXT_KEY, sending));
		});
	}

	private Mono<byte[]> send(WeChatApiRequest request, WeChatApiClientHttpConnector.Sending sending) {
		String api = request.api();
		WebClient.RequestBodySpec spec = this.webClient.method(request.method()).uri(request.uri());
		byte[] json = request.json();
		if (json != null) {
			spec.contentType(MediaType.APPLICATION_JSON).bodyValue(json);
		}
		Mono<byte[]> body = spec.exchangeToMono((response) -> read(api, response));
		if (this.responseTimeout != null) {
			body = body.timeout(this.responseTimeout);
		}
		return body.onErrorMap((ex) -> !(ex instanceof WeChatApiException), (ex) -> failure(api, ex, sending));
	}

	private WeChatApiException failure(String api, Throwable ex, WeChatApiClientHttpConnector.Sending sending) {
		if (ex instanceof TimeoutException) {
			return sending.knownUnsent()
					? WeChatApiErrors.unavailable(api, null,
							"found no connection to send on within " + this.responseTimeout)
					: WeChatApiErrors.failedAfterSending(api, "did not answer within " + this.responseTimeout);
		}
		if (ex instanceof DataBufferLimitException) {
			return this.calls.tooLarge(api);
		}
		return sending.knownUnsent() ? WeChatApiCalls.notSent(api, ex) : WeChatApiCalls.transportFailure(api, ex);
	}

	private Mono<byte[]> read(String api, ClientResponse response) {
		if (!response.statusCode().is2xxSuccessful()) {
			return cancelBody(response).then(Mono.fromRunnable(() -> WeChatApiCalls.checkStatus(api, response.statusCode())));
		}
		int maxSize = this.calls.maxResponseSize();
		if (response.headers().contentLength().orElse(-1) > maxSize) {
			return cancelBody(response).then(Mono.error(() -> this.calls.tooLarge(api)));
		}
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), maxSize)
			.map(WebClientWeChatApiCaller::bytes)
			.defaultIfEmpty(new byte[0]);
	}

	/**
	 * Cancel the body unread: Reactor Netty closes the connection, where
	 * {@code exchangeToMono}'s release would read the body to its end (the JDK connector
	 * cancels its subscription too).
	 */
	private static Mono<Void> cancelBody(ClientResponse response) {
		return Mono.fromRunnable(() -> response.body(BodyExtractors.toDataBuffers()).subscribe(new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				// nothing requested, so no buffer to release
				cancel();
			}

		}));
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
