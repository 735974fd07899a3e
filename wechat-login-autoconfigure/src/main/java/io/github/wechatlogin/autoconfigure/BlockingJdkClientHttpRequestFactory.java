package io.github.wechatlogin.autoconfigure;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.Assert;

/**
 * A {@link ClientHttpRequestFactory} on the JDK {@link HttpClient} that sends each request
 * with the blocking {@link HttpClient#send} on the calling thread.
 * <p>
 * Spring's {@link JdkClientHttpRequestFactory} sends with {@link HttpClient#sendAsync} and
 * waits for the future. The JDK schedules an asynchronous exchange on the client's executor
 * and completes its future on {@code CompletableFuture}'s default executor, which, when the
 * common pool has a parallelism of one (any machine or container with two CPUs or fewer),
 * starts a new thread for every request. On such a machine that thread churn cost a login more
 * CPU than everything else it does (on Java 17, 128 concurrent logins: about 900 instead of
 * 2,300 logins per second, see {@code docs/benchmarks.md}). {@code send} runs the exchange
 * inline until it has to wait for the socket, and a virtual thread calling it simply parks.
 * <p>
 * The read timeout bounds the whole answer, status line, headers and body, as with Spring's
 * factory: the request's own timeout covers the wait for the headers, and a body that has not
 * been read completely when the time is up is closed, so that reading it fails with an
 * {@link HttpTimeoutException} instead of hanging (read the body right away, as
 * {@code RestClient} does). Bodies are buffered before sending, which
 * suits the small JSON requests of the WeChat API.
 * <p>
 * Not public API: only {@link WeChatLoginClientConfiguration} creates it, for the
 * {@code weChatApiClientHttpRequestFactory} bean. {@code RequestFactoryThreads} in
 * {@code benchmarks/} measures it against Spring's factories (see {@code docs/architecture.md}).
 *
 * @author wechat-login developers
 */
final class BlockingJdkClientHttpRequestFactory implements ClientHttpRequestFactory {

	private final HttpClient httpClient;

	private @Nullable Duration readTimeout;

	/**
	 * Create a request factory that sends with the given client.
	 * @param httpClient the client
	 */
	BlockingJdkClientHttpRequestFactory(HttpClient httpClient) {
		Assert.notNull(httpClient, "httpClient cannot be null");
		this.httpClient = httpClient;
	}

	/**
	 * Set the longest wait for a complete answer (status line, headers and body), counted from
	 * when the request is sent. Defaults to none.
	 * @param readTimeout the read timeout, positive
	 */
	void setReadTimeout(Duration readTimeout) {
		Assert.notNull(readTimeout, "readTimeout cannot be null");
		Assert.isTrue(!readTimeout.isNegative() && !readTimeout.isZero(), "readTimeout must be positive");
		this.readTimeout = readTimeout;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new BlockingJdkClientHttpRequest(this.httpClient, uri, httpMethod, this.readTimeout);
	}

	private static final class BlockingJdkClientHttpRequest extends AbstractBufferingClientHttpRequest {

		// Headers the JDK client sets itself and refuses from the caller
		private static final Set<String> DISALLOWED_HEADERS = Set.of("connection", "content-length", "expect",
				"host", "upgrade");

		private final HttpClient httpClient;

		private final URI uri;

		private final HttpMethod method;

		private final @Nullable Duration readTimeout;

		BlockingJdkClientHttpRequest(HttpClient httpClient, URI uri, HttpMethod method,
				@Nullable Duration readTimeout) {
			this.httpClient = httpClient;
			this.uri = uri;
			this.method = method;
			this.readTimeout = readTimeout;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
			HttpRequest.Builder builder = HttpRequest.newBuilder(this.uri)
				.method(this.method.name(), (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
						: HttpRequest.BodyPublishers.noBody());
			headers.forEach((name, values) -> {
				if (!DISALLOWED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> builder.header(name, (value != null) ? value : ""));
				}
			});
			long sentAt = System.nanoTime();
			if (this.readTimeout != null) {
				builder.timeout(this.readTimeout);
			}
			HttpResponse<InputStream> response;
			try {
				response = this.httpClient.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted while waiting for the answer");
			}
			Duration bodyTimeout = (this.readTimeout != null)
					? this.readTimeout.minusNanos(System.nanoTime() - sentAt) : null;
			return new BlockingJdkClientHttpResponse(response, bodyTimeout);
		}

	}

	private static final class BlockingJdkClientHttpResponse implements ClientHttpResponse {

		private final HttpResponse<InputStream> response;

		private final HttpHeaders headers = new HttpHeaders();

		private final InputStream body;

		private final AtomicBoolean timedOut = new AtomicBoolean();

		private final @Nullable CompletableFuture<Boolean> deadline;

		BlockingJdkClientHttpResponse(HttpResponse<InputStream> response, @Nullable Duration bodyTimeout)
				throws IOException {
			this.response = response;
			response.headers().map().forEach(this.headers::addAll);
			InputStream stream = response.body();
			this.body = new DeadlineInputStream(stream);
			if (bodyTimeout == null) {
				this.deadline = null;
				return;
			}
			if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
				this.deadline = null;
				this.timedOut.set(true);
				stream.close();
				return;
			}
			// CompletableFuture's delayer thread closes the body when the time is up (completing the
			// deadline with true); close() completes it first with false, which the timeout then
			// cannot change (cancelling it would create two exceptions, each with its stack trace,
			// for every call)
			this.deadline = new CompletableFuture<Boolean>().completeOnTimeout(true, bodyTimeout.toNanos(),
					TimeUnit.NANOSECONDS);
			this.deadline.thenAccept((timedOut) -> {
				if (timedOut) {
					this.timedOut.set(true);
					closeQuietly(stream);
				}
			});
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.response.statusCode());
		}

		@Override
		public String getStatusText() {
			HttpStatus status = HttpStatus.resolve(this.response.statusCode());
			return (status != null) ? status.getReasonPhrase() : "";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return this.body;
		}

		@Override
		public void close() {
			if (this.deadline != null) {
				this.deadline.complete(false);
			}
			closeQuietly(this.body);
		}

		private static void closeQuietly(InputStream stream) {
			try {
				stream.close();
			}
			catch (IOException ex) {
				// nothing more to release
			}
		}

		private final class DeadlineInputStream extends FilterInputStream {

			DeadlineInputStream(InputStream in) {
				super(in);
			}

			@Override
			public int read() throws IOException {
				checkDeadline();
				return readOrTimeout(super::read);
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				checkDeadline();
				return readOrTimeout(() -> super.read(buffer, offset, length));
			}

			private int readOrTimeout(IntRead read) throws IOException {
				int result;
				try {
					result = read.read();
				}
				catch (IOException ex) {
					checkDeadline();
					throw ex;
				}
				// a body closed by the deadline may end early instead of failing
				checkDeadline();
				return result;
			}

			private void checkDeadline() throws HttpTimeoutException {
				if (BlockingJdkClientHttpResponse.this.timedOut.get()) {
					throw new HttpTimeoutException("The answer was not complete within the read timeout");
				}
			}

		}

		@FunctionalInterface
		private interface IntRead {

			int read() throws IOException;

		}

	}

}
