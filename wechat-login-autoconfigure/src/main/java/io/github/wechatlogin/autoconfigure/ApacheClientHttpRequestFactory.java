package io.github.wechatlogin.autoconfigure;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

/**
 * The opt-in transport of the starter's own blocking WeChat client
 * ({@code wechat.login.client.http-client=apache}): Apache HttpClient 5's classic client with a
 * connection pool of its own, about a third of the JDK {@code HttpClient}'s CPU per call (see
 * {@code docs/benchmarks.md}).
 * <p>
 * Set up for calls that must not be repeated (a resent code exchange burns the one-time code):
 * no automatic retries, no redirects, no cookies, no authentication caching, no content
 * decompression; proxies as the JDK client has them, from {@link ProxySelector#getDefault()}
 * (the {@code http(s).proxyHost} system properties, never environment variables). The pool is
 * for one host: {@value #MAX_CONNECTIONS} connections, each kept at most {@link #TIME_TO_LIVE},
 * checked after {@link #VALIDATE_AFTER_INACTIVITY} of rest, idle ones evicted; it closes with the
 * context.
 * <p>
 * Timeouts: the connect timeout bounds both the wait for a pooled connection and the TCP
 * connection (either failure is a {@link ConnectException}, as nothing was sent), the read
 * timeout bounds every read and, counted from the call, the whole answer: when it is up the
 * exchange is aborted, so a body that trickles a byte at a time fails with a
 * {@link SocketTimeoutException}. A response closed before its body was read to the end (an
 * answer over the size limit) aborts its connection instead of draining it, as Spring's
 * {@code HttpComponentsClientHttpRequestFactory} would.
 * <p>
 * Not public API: only {@link WeChatLoginClientConfiguration} creates it.
 *
 * @author wechat-login developers
 */
final class ApacheClientHttpRequestFactory implements ClientHttpRequestFactory, Closeable {

	static final int MAX_CONNECTIONS = 64;

	static final Duration TIME_TO_LIVE = Duration.ofMinutes(2);

	static final Duration VALIDATE_AFTER_INACTIVITY = Duration.ofSeconds(2);

	static final Duration IDLE_EVICTION = Duration.ofSeconds(30);

	// Headers HttpClient sets itself from the entity and the route
	private static final Set<String> OWN_HEADERS = Set.of("connection", "content-length", "host",
			"transfer-encoding", "upgrade", "expect");

	private final CloseableHttpClient httpClient;

	private final PoolingHttpClientConnectionManager connectionManager;

	private final Duration readTimeout;

	ApacheClientHttpRequestFactory(Duration connectTimeout, Duration readTimeout) {
		this(connectTimeout, readTimeout, MAX_CONNECTIONS);
	}

	ApacheClientHttpRequestFactory(Duration connectTimeout, Duration readTimeout, int maxConnections) {
		Assert.isTrue(maxConnections > 0, "maxConnections must be positive");
		this.readTimeout = readTimeout;
		this.connectionManager = PoolingHttpClientConnectionManagerBuilder.create()
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(connectTimeout))
				.setSocketTimeout(Timeout.of(readTimeout))
				.setTimeToLive(TimeValue.of(TIME_TO_LIVE))
				.setValidateAfterInactivity(TimeValue.of(VALIDATE_AFTER_INACTIVITY))
				.build())
			.setMaxConnTotal(maxConnections)
			.setMaxConnPerRoute(maxConnections)
			.build();
		this.httpClient = HttpClients.custom()
			.setConnectionManager(this.connectionManager)
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
			.evictExpiredConnections()
			.evictIdleConnections(TimeValue.of(IDLE_EVICTION))
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(Timeout.of(connectTimeout))
				.setResponseTimeout(Timeout.of(readTimeout))
				.build())
			.build();
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new ApacheClientHttpRequest(uri, httpMethod);
	}

	/**
	 * The connections leased and available (for tests).
	 */
	int leasedConnections() {
		return this.connectionManager.getTotalStats().getLeased();
	}

	@Override
	public void close() {
		this.httpClient.close(CloseMode.IMMEDIATE);
	}

	private final class ApacheClientHttpRequest extends AbstractBufferingClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		ApacheClientHttpRequest(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
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
			HttpUriRequestBase request = new HttpUriRequestBase(this.method.name(), this.uri);
			headers.forEach((name, values) -> {
				if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> request.addHeader(name, (value != null) ? value : ""));
				}
			});
			if (body.length > 0) {
				request.setEntity(new ByteArrayEntity(body, null));
			}
			Deadline deadline = new Deadline(request, ApacheClientHttpRequestFactory.this.readTimeout);
			ClassicHttpResponse response;
			try {
				response = ApacheClientHttpRequestFactory.this.httpClient.executeOpen(null, request, null);
			}
			catch (ConnectionRequestTimeoutException | ConnectTimeoutException ex) {
				deadline.cancel();
				// nothing was sent: a ConnectException, as the JDK client's failures to connect
				ConnectException notConnected = new ConnectException(ex.getClass().getSimpleName());
				notConnected.initCause(ex);
				throw notConnected;
			}
			catch (IOException | RuntimeException ex) {
				deadline.cancel();
				deadline.check(ex);
				throw ex;
			}
			return new ApacheClientHttpResponse(request, response, deadline);
		}

	}

	/**
	 * The deadline of a whole answer: aborts the exchange when the time is up (on
	 * {@code CompletableFuture}'s delayer thread), unless cancelled first.
	 */
	private static final class Deadline {

		private final AtomicBoolean timedOut = new AtomicBoolean();

		private final CompletableFuture<Boolean> timer;

		Deadline(HttpUriRequestBase request, Duration timeout) {
			// completing with false first wins over the timeout, with no exception created
			this.timer = new CompletableFuture<Boolean>().completeOnTimeout(true, timeout.toNanos(),
					TimeUnit.NANOSECONDS);
			this.timer.thenAccept((up) -> {
				if (up) {
					this.timedOut.set(true);
					request.cancel();
				}
			});
		}

		void cancel() {
			this.timer.complete(false);
		}

		void check(@Nullable Throwable cause) throws SocketTimeoutException {
			if (this.timedOut.get()) {
				SocketTimeoutException ex = new SocketTimeoutException(
						"The answer was not complete within the read timeout");
				if (cause != null) {
					ex.initCause(cause);
				}
				throw ex;
			}
		}

	}

	private static final class ApacheClientHttpResponse implements ClientHttpResponse {

		private final HttpUriRequestBase request;

		private final ClassicHttpResponse response;

		private final Deadline deadline;

		private final HttpHeaders headers = new HttpHeaders();

		private final InputStream body;

		private volatile boolean ended;

		ApacheClientHttpResponse(HttpUriRequestBase request, ClassicHttpResponse response, Deadline deadline)
				throws IOException {
			this.request = request;
			this.response = response;
			this.deadline = deadline;
			for (Header header : response.getHeaders()) {
				this.headers.add(header.getName(), header.getValue());
			}
			HttpEntity entity = response.getEntity();
			if (entity == null) {
				this.ended = true;
				this.body = InputStream.nullInputStream();
			}
			else {
				this.body = new DeadlineInputStream(entity.getContent());
			}
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.response.getCode());
		}

		@Override
		public String getStatusText() {
			String reason = this.response.getReasonPhrase();
			if (reason != null) {
				return reason;
			}
			HttpStatus status = HttpStatus.resolve(this.response.getCode());
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
			this.deadline.cancel();
			if (!this.ended) {
				// the body was not read to its end: abort the connection rather than drain it
				this.request.cancel();
			}
			try {
				this.response.close();
			}
			catch (IOException ex) {
				// the connection is gone either way
			}
		}

		private final class DeadlineInputStream extends FilterInputStream {

			DeadlineInputStream(InputStream in) {
				super(in);
			}

			@Override
			public int read() throws IOException {
				ApacheClientHttpResponse.this.deadline.check(null);
				int result;
				try {
					result = super.read();
				}
				catch (IOException ex) {
					ApacheClientHttpResponse.this.deadline.check(ex);
					throw ex;
				}
				ended(result);
				return result;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				ApacheClientHttpResponse.this.deadline.check(null);
				int result;
				try {
					result = super.read(buffer, offset, length);
				}
				catch (IOException ex) {
					ApacheClientHttpResponse.this.deadline.check(ex);
					throw ex;
				}
				ended(result);
				return result;
			}

			private void ended(int result) throws SocketTimeoutException {
				ApacheClientHttpResponse.this.deadline.check(null);
				if (result == -1) {
					ApacheClientHttpResponse.this.ended = true;
				}
			}

			@Override
			public void close() {
				ApacheClientHttpResponse.this.close();
			}

		}

	}

}
