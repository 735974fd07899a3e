package io.github.wechatlogin.test.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * A fault the {@link WeChatApiSimulator} answers with instead of handling a request
 * normally. A fault answers before the request is looked at, so a login code sent with it
 * is not consumed (except with {@link #delay(Duration)}, which answers normally after the
 * delay).
 * <p>
 * Instances are immutable; create them with the static factory methods.
 *
 * @author wechat-login
 * @see WeChatApiSimulator#enqueueFault(Endpoint, Fault)
 * @see WeChatApiSimulator#setFault(Endpoint, Fault)
 */
public final class Fault {

	private static final String TEXT_PLAIN = "text/plain";

	private static final byte[] TRUNCATED_BODY = "{\"openid\":\"oSimulatedTruncated\",\"session_key\":\"c2ltdWxhdG"
		.getBytes(StandardCharsets.US_ASCII);

	private static final String OVERSIZED_HEAD = "{\"errcode\":0,\"errmsg\":\"ok\",\"padding\":\"";

	private static final String OVERSIZED_TAIL = "\"}";

	private static final int OVERSIZED_MINIMUM = OVERSIZED_HEAD.length() + OVERSIZED_TAIL.length();

	private final Kind kind;

	private final int status;

	private final String contentType;

	private final String body;

	private final @Nullable Duration delay;

	private final int size;

	private Fault(Kind kind, int status, String contentType, String body, @Nullable Duration delay, int size) {
		this.kind = kind;
		this.status = status;
		this.contentType = contentType;
		this.body = body;
		this.delay = delay;
		this.size = size;
	}

	/**
	 * A WeChat error: HTTP 200, {@code text/plain}, {@code {"errcode":N,"errmsg":"..."}} with
	 * the message WeChat uses for that code.
	 * @param errcode the error code, for example {@code -1} or {@code 45011}
	 * @return the fault
	 */
	public static Fault errcode(int errcode) {
		return errcode(errcode, ErrorCodes.message(errcode));
	}

	/**
	 * A WeChat error: HTTP 200, {@code text/plain}, {@code {"errcode":N,"errmsg":"..."}}.
	 * @param errcode the error code
	 * @param errmsg the error message
	 * @return the fault
	 */
	public static Fault errcode(int errcode, String errmsg) {
		Objects.requireNonNull(errmsg, "'errmsg' must not be null");
		return new Fault(Kind.ERRCODE, 200, TEXT_PLAIN, Json.error(errcode, errmsg), null, 0);
	}

	/**
	 * An arbitrary HTTP answer, for example {@code 502} with an HTML page from a proxy.
	 * @param status the HTTP status, 200 to 599
	 * @param contentType the content type
	 * @param body the body (sent as UTF-8), may be empty
	 * @return the fault
	 */
	public static Fault httpStatus(int status, String contentType, String body) {
		if (status < 200 || status > 599) {
			throw new IllegalArgumentException("'status' must be between 200 and 599");
		}
		Objects.requireNonNull(contentType, "'contentType' must not be null");
		Objects.requireNonNull(body, "'body' must not be null");
		return new Fault(Kind.RESPONSE, status, contentType, body, null, 0);
	}

	/**
	 * An answer that is normal but only sent after the delay, to provoke read timeouts. The
	 * request is handled after the delay, so a code sent with it is consumed. The delay adds
	 * to the simulator's latency.
	 * @param delay the delay
	 * @return the fault
	 */
	public static Fault delay(Duration delay) {
		Objects.requireNonNull(delay, "'delay' must not be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("'delay' must not be negative");
		}
		return new Fault(Kind.DELAY, 200, TEXT_PLAIN, "", delay, 0);
	}

	/**
	 * The connection breaks before any of the body arrives: the status line and headers
	 * ({@code 200}, {@code text/plain}, a {@code Content-Length}) are sent, then the
	 * connection closes. The client sees an I/O error.
	 * <p>
	 * {@code com.sun.net.httpserver} cannot reset a connection. Closing it before the
	 * status line ({@link #noResponse()}) is the closer imitation, but clients may then
	 * transparently retry an idempotent request, so they would not see an error.
	 * @return the fault
	 */
	public static Fault connectionReset() {
		return new Fault(Kind.CONNECTION_RESET, 200, TEXT_PLAIN, "", null, 0);
	}

	/**
	 * The connection is closed without a single byte of response. Clients may take this
	 * for a stale keep-alive connection and transparently retry an idempotent request: the
	 * JDK {@code HttpClient} retries a {@code GET} once, even on a fresh connection. The
	 * retry reaches the simulator as a further request (answered by the next fault, if
	 * any). Prefer {@link #connectionReset()} unless that retry is what you want to
	 * observe.
	 * @return the fault
	 */
	public static Fault noResponse() {
		return new Fault(Kind.NO_RESPONSE, 0, TEXT_PLAIN, "", null, 0);
	}

	/**
	 * A response whose body is cut short: HTTP 200, {@code text/plain}, a
	 * {@code Content-Length} larger than the body, the valid start of a JSON document, then
	 * the connection closes. The client sees an I/O error while reading the body.
	 * @return the fault
	 */
	public static Fault truncatedBody() {
		return new Fault(Kind.TRUNCATED, 200, TEXT_PLAIN, "", null, 0);
	}

	/**
	 * A complete HTTP 200 answer with an arbitrary body, for example an HTML page,
	 * {@code "{"} or an empty body.
	 * @param contentType the content type
	 * @param body the body (sent as UTF-8)
	 * @return the fault
	 */
	public static Fault body(String contentType, String body) {
		Objects.requireNonNull(contentType, "'contentType' must not be null");
		Objects.requireNonNull(body, "'body' must not be null");
		return new Fault(Kind.RESPONSE, 200, contentType, body, null, 0);
	}

	/**
	 * An HTTP 200, {@code text/plain} answer with a JSON-looking body of exactly the given
	 * number of bytes (a JSON object with a long {@code padding} string), to test response
	 * size limits. The body is streamed, and sending stops early if the client hangs up.
	 * @param bytes the body size, at least 40
	 * @return the fault
	 */
	public static Fault oversizedBody(int bytes) {
		if (bytes < OVERSIZED_MINIMUM) {
			throw new IllegalArgumentException("'bytes' must be at least " + OVERSIZED_MINIMUM);
		}
		return new Fault(Kind.OVERSIZED, 200, TEXT_PLAIN, "", null, bytes);
	}

	/**
	 * An answer whose body never ends: the status line and headers (the given status,
	 * {@code text/plain}, and either a {@code Content-Length} of 1 GB or chunked transfer
	 * coding), the start of a JSON document, then a kilobyte every 20 milliseconds until the
	 * client hangs up (or a minute has passed). A client that refuses the answer (for its status
	 * or its declared length) but reads the body to its end before it reports the failure waits
	 * for as long as the simulator sends; a client that gathers a chunked body up to a size
	 * limit stops at the limit.
	 * @param status the HTTP status, 200 to 599
	 * @param chunked whether the body is chunked (no {@code Content-Length})
	 * @return the fault
	 */
	public static Fault endlessBody(int status, boolean chunked) {
		if (status < 200 || status > 599) {
			throw new IllegalArgumentException("'status' must be between 200 and 599");
		}
		return new Fault(Kind.ENDLESS, status, TEXT_PLAIN, "", null, chunked ? 0 : 1);
	}

	/**
	 * A response whose body stalls: HTTP 200, {@code text/plain}, a {@code Content-Length},
	 * the valid start of a JSON document, then nothing for the given time before the rest of
	 * the body. A client that bounds only the wait for the status line and headers hangs for
	 * the whole stall; the request's code is not consumed.
	 * @param stall how long the body stops half-way
	 * @return the fault
	 */
	public static Fault stalledBody(Duration stall) {
		Objects.requireNonNull(stall, "'stall' must not be null");
		if (stall.isNegative()) {
			throw new IllegalArgumentException("'stall' must not be negative");
		}
		return new Fault(Kind.STALLED, 200, TEXT_PLAIN, "", stall, 0);
	}

	/**
	 * Return the delay if this fault is a {@link #delay(Duration) delay}.
	 * @return the delay or {@code null} if this fault answers instead of the normal handling
	 */
	@Nullable Duration getDelay() {
		return (this.kind == Kind.DELAY) ? this.delay : null;
	}

	/**
	 * Answer the exchange with this fault. Must not be called for a delay.
	 * @param exchange the exchange, not yet answered
	 * @throws IOException on I/O errors
	 */
	void respond(HttpExchange exchange) throws IOException {
		switch (this.kind) {
			case ERRCODE, RESPONSE -> respond(exchange, this.status, this.contentType,
					this.body.getBytes(StandardCharsets.UTF_8));
			case CONNECTION_RESET -> respondCutShort(exchange, new byte[0], 64);
			case NO_RESPONSE -> exchange.close();
			case TRUNCATED -> respondCutShort(exchange, TRUNCATED_BODY, TRUNCATED_BODY.length * 2L);
			case OVERSIZED -> respondOversized(exchange);
			case STALLED -> respondStalled(exchange);
			case ENDLESS -> respondEndless(exchange);
			case DELAY -> throw new IllegalStateException("A delay does not answer by itself");
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
			throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length != 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void respondCutShort(HttpExchange exchange, byte[] body, long declaredLength)
			throws IOException {
		exchange.getResponseHeaders().set("Content-Type", TEXT_PLAIN);
		exchange.sendResponseHeaders(200, declaredLength);
		OutputStream out = exchange.getResponseBody();
		out.write(body);
		out.flush();
		// Closing a fixed-length body that is short makes the server close the connection
		exchange.close();
	}

	private void respondStalled(HttpExchange exchange) throws IOException {
		byte[] body = Json.error(-1, ErrorCodes.message(-1)).getBytes(StandardCharsets.UTF_8);
		int half = body.length / 2;
		exchange.getResponseHeaders().set("Content-Type", TEXT_PLAIN);
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body, 0, half);
			out.flush();
			try {
				Thread.sleep(Objects.requireNonNull(this.delay).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			out.write(body, half, body.length - half);
		}
	}

	private void respondEndless(HttpExchange exchange) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", TEXT_PLAIN);
		// size 0: chunked; else a declared gigabyte
		exchange.sendResponseHeaders(this.status, (this.size == 0) ? 0 : 1L << 30);
		OutputStream out = exchange.getResponseBody();
		byte[] chunk = new byte[1024];
		Arrays.fill(chunk, (byte) 'a');
		long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		try {
			out.write(OVERSIZED_HEAD.getBytes(StandardCharsets.US_ASCII));
			while (System.nanoTime() < end) {
				out.write(chunk);
				out.flush();
				Thread.sleep(20);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the client hung up
		}
		finally {
			exchange.close();
		}
	}

	private void respondOversized(HttpExchange exchange) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", TEXT_PLAIN);
		exchange.sendResponseHeaders(200, this.size);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(OVERSIZED_HEAD.getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[8192];
			Arrays.fill(chunk, (byte) 'a');
			long remaining = (long) this.size - OVERSIZED_MINIMUM;
			while (remaining > 0) {
				int length = (int) Math.min(chunk.length, remaining);
				out.write(chunk, 0, length);
				remaining -= length;
			}
			out.write(OVERSIZED_TAIL.getBytes(StandardCharsets.US_ASCII));
		}
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case ERRCODE -> "Fault[errcode " + this.body + "]";
			case RESPONSE -> "Fault[HTTP " + this.status + " " + this.contentType + ", " + this.body.length()
					+ " chars]";
			case DELAY -> "Fault[delay " + this.delay + "]";
			case CONNECTION_RESET -> "Fault[connection reset]";
			case NO_RESPONSE -> "Fault[no response]";
			case TRUNCATED -> "Fault[truncated body]";
			case OVERSIZED -> "Fault[oversized body of " + this.size + " bytes]";
			case STALLED -> "Fault[body stalled for " + this.delay + "]";
			case ENDLESS -> "Fault[HTTP " + this.status + ", endless " + ((this.size == 0) ? "chunked" : "1 GB") + " body]";
		};
	}

	private enum Kind {

		ERRCODE, RESPONSE, DELAY, CONNECTION_RESET, NO_RESPONSE, TRUNCATED, OVERSIZED, STALLED, ENDLESS

	}

}
