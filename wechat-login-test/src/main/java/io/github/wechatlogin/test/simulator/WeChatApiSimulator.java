package io.github.wechatlogin.test.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * An embeddable simulator of the WeChat server APIs used for login
 * ({@code /sns/jscode2session}, {@code /donut/code2verifyinfo}, {@code /cgi-bin/token},
 * {@code /cgi-bin/stable_token} and {@code /wxa/business/getuserphonenumber}), served over HTTP
 * on the loopback interface.
 * <p>
 * Login codes are minted with {@link #issueCode(String, SimulatedUser)} or over HTTP with
 * {@code POST /simulator/codes}, phone number codes with
 * {@link #issuePhoneCode(String, String, String)} or {@code POST /simulator/phone-codes}. Faults ({@link Fault}), latency, a {@link Clock} and
 * token invalidation let tests provoke the failures seen in production. Every request to
 * a known endpoint is recorded for assertions. Built with {@link Builder#countConnections()},
 * the simulator also tells how many connections clients hold open
 * ({@link #openConnections()}), to check that a client does not leak them.
 * <p>
 * Like WeChat, the WeChat endpoints answer HTTP 200 with {@code Content-Type: text/plain}
 * and a JSON body, errors as {@code {"errcode":N,"errmsg":"..."}}. The simulator is
 * thread-safe and logs nothing. Close it when done: the HTTP dispatcher thread of a
 * started simulator is not a daemon thread.
 * <p>
 * The simulator runs on the JDK's {@code com.sun.net.httpserver}. Unless set already,
 * loading this class sets the system property {@code sun.net.httpserver.nodelay} to
 * {@code true} (it enables {@code TCP_NODELAY}; without it each response takes about
 * 40 ms), which also applies to other {@code com.sun.net.httpserver} servers of the JVM
 * created afterwards.
 * <pre class="code">
 * try (WeChatApiSimulator simulator = WeChatApiSimulator.builder().app("wx123", "secret").build().start()) {
 *     String code = simulator.issueCode(SimulatedUser.miniProgram("o-openid", null));
 *     // point the client at simulator.getBaseUrl() and exchange the code
 * }
 * </pre>
 *
 * @author wechat-login
 */
public final class WeChatApiSimulator implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

	private static final int BACKLOG = 256;

	static {
		// Without TCP_NODELAY, the separate writes of headers and body meet the client's
		// delayed ACK and every response takes about 40 ms.
		if (System.getProperty(NO_DELAY_PROPERTY) == null) {
			System.setProperty(NO_DELAY_PROPERTY, "true");
		}
	}

	private final int requestedPort;

	private final boolean countConnections;

	private final WeChatApi api;

	private final Map<Endpoint, Queue<Fault>> queuedFaults = new EnumMap<>(Endpoint.class);

	private final Map<Endpoint, Fault> persistentFaults = new ConcurrentHashMap<>();

	private final Map<Endpoint, AtomicInteger> counts = new EnumMap<>(Endpoint.class);

	private final Map<Endpoint, Queue<RecordedRequest>> recorded = new EnumMap<>(Endpoint.class);

	private volatile Duration latency = Duration.ZERO;

	private final Object lifecycleMonitor = new Object();

	private @Nullable HttpServer server;

	private @Nullable ExecutorService executor;

	private @Nullable ConnectionCountingRelay relay;

	private @Nullable ExecutorService relayExecutor;

	private boolean closed;

	private WeChatApiSimulator(Builder builder) {
		this.requestedPort = builder.port;
		this.countConnections = builder.countConnections;
		this.api = new WeChatApi(builder.accessTokenTtl, builder.clock);
		builder.apps.forEach(this.api::registerApp);
		for (Endpoint endpoint : Endpoint.values()) {
			this.queuedFaults.put(endpoint, new ConcurrentLinkedQueue<>());
			this.counts.put(endpoint, new AtomicInteger());
			this.recorded.put(endpoint, new ConcurrentLinkedQueue<>());
		}
	}

	/**
	 * Create a builder for a simulator.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Bind to the loopback interface and start serving.
	 * @return this simulator
	 * @throws IllegalStateException if the simulator was already started or closed
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public WeChatApiSimulator start() {
		synchronized (this.lifecycleMonitor) {
			if (this.server != null || this.closed) {
				throw new IllegalStateException("The simulator can only be started once");
			}
			ExecutorService executor = Executors.newCachedThreadPool(new DaemonThreadFactory());
			ExecutorService relayExecutor = this.countConnections
					? Executors.newCachedThreadPool(new DaemonThreadFactory()) : null;
			HttpServer server = null;
			try {
				// behind the relay, the HTTP server listens on a free port of its own
				int serverPort = (relayExecutor != null) ? 0 : this.requestedPort;
				server = HttpServer.create(new InetSocketAddress(loopback(), serverPort), BACKLOG);
				server.createContext("/", this::handle);
				server.setExecutor(executor);
				server.start();
				if (relayExecutor != null) {
					this.relay = ConnectionCountingRelay.start(loopback(), this.requestedPort, BACKLOG,
							server.getAddress(), relayExecutor);
				}
				this.server = server;
				this.executor = executor;
				this.relayExecutor = relayExecutor;
			}
			catch (IOException ex) {
				if (server != null) {
					server.stop(0);
				}
				executor.shutdownNow();
				if (relayExecutor != null) {
					relayExecutor.shutdownNow();
				}
				throw new UncheckedIOException("Failed to start the WeChat API simulator", ex);
			}
		}
		return this;
	}

	/**
	 * Stop immediately, closing open connections and abandoning requests in progress.
	 * Calling it again has no effect.
	 */
	@Override
	public void close() {
		synchronized (this.lifecycleMonitor) {
			this.closed = true;
			if (this.relay != null) {
				this.relay.close();
			}
			if (this.server != null) {
				this.server.stop(0);
			}
			if (this.executor != null) {
				this.executor.shutdownNow();
			}
			if (this.relayExecutor != null) {
				this.relayExecutor.shutdownNow();
			}
		}
	}

	/**
	 * Return the port the simulator listens on.
	 * @return the port
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public int getPort() {
		synchronized (this.lifecycleMonitor) {
			HttpServer server = requireServer();
			return (this.relay != null) ? this.relay.getPort() : server.getAddress().getPort();
		}
	}

	/**
	 * Return the number of connections that clients hold open to the simulator: accepted and not
	 * yet closed by the client. A connection that the simulator closed (after
	 * {@link Fault#connectionReset()}, for example) counts until the client closes its side too, so
	 * a client that leaks connections shows here. Connections are counted as the simulator accepts
	 * them and sees them closed, a moment after the client connects or closes: wait for the number
	 * to settle rather than reading it right after a client call.
	 * @return the number of open connections
	 * @throws IllegalStateException if the simulator was not built with
	 * {@link Builder#countConnections()}, or has not been started
	 */
	public int openConnections() {
		if (!this.countConnections) {
			throw new IllegalStateException(
					"Build the simulator with countConnections() to count its open connections");
		}
		synchronized (this.lifecycleMonitor) {
			requireServer();
			return Objects.requireNonNull(this.relay).openConnections();
		}
	}

	/**
	 * Return the base URL of the simulator, to use in place of
	 * {@code https://api.weixin.qq.com}.
	 * @return the base URL, {@code http://127.0.0.1:<port>} without a trailing slash
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public String getBaseUrl() {
		return "http://" + LOOPBACK + ":" + getPort();
	}

	/**
	 * Register an app, or change the secret of a registered one.
	 * @param appId the appid
	 * @param secret the app secret
	 */
	public void registerApp(String appId, String secret) {
		this.api.registerApp(appId, secret);
	}

	/**
	 * Mint a login code for a user of an app. The code is valid for five minutes and can
	 * be redeemed once; a {@link SimulatedUser#WEIXIN_MINI_PROGRAM mini program} code at
	 * {@code jscode2session} or {@code code2verifyinfo}, any other at
	 * {@code code2verifyinfo} only.
	 * @param appId the appid of a registered app
	 * @param user the user logging in
	 * @return the code
	 * @throws IllegalArgumentException if the app is not registered
	 */
	public String issueCode(String appId, SimulatedUser user) {
		return this.api.issueCode(appId, user);
	}

	/**
	 * Mint a login code for a user of the first registered app.
	 * @param user the user logging in
	 * @return the code
	 * @throws IllegalStateException if no app is registered
	 * @see #issueCode(String, SimulatedUser)
	 */
	public String issueCode(SimulatedUser user) {
		return this.api.issueCode(user);
	}

	/**
	 * Mint a phone number code ({@code e.detail.code} of a {@code getPhoneNumber} button) for a
	 * user of an app, with a mainland China number (country code 86). The code is valid for
	 * five minutes, can be redeemed once at {@code getuserphonenumber} with an access token of
	 * that app, and only with the user's openid or none: a request with another openid, like an
	 * unknown, expired or used code, is answered errcode 40029, and leaves the code valid.
	 * Over HTTP: {@code POST /simulator/phone-codes} with {@code {"openid", "phoneNumber"}}
	 * (and optionally {@code appid}, {@code countryCode}).
	 * @param appId the appid of a registered app
	 * @param openid the openid of the user the code is issued to
	 * @param phoneNumber the phone number without country code
	 * @return the code
	 * @throws IllegalArgumentException if the app is not registered
	 */
	public String issuePhoneCode(String appId, String openid, String phoneNumber) {
		Objects.requireNonNull(appId, "'appId' must not be null");
		return this.api.issuePhoneCode(appId, openid, phoneNumber, null);
	}

	/**
	 * Mint a phone number code for a user of the first registered app.
	 * @param openid the openid of the user the code is issued to
	 * @param phoneNumber the phone number without country code
	 * @return the code
	 * @throws IllegalStateException if no app is registered
	 * @see #issuePhoneCode(String, String, String)
	 */
	public String issuePhoneCode(String openid, String phoneNumber) {
		return this.api.issuePhoneCode(null, openid, phoneNumber, null);
	}

	/**
	 * Return the {@code session_key} that {@code jscode2session} last answered for a user of an
	 * app: the user's current key. Each redemption of a code of the user answers a new key, and
	 * the previous one stops working ({@code wxa/checksession} answers errcode 87009 for it), as at
	 * WeChat. For tests that compute signatures themselves.
	 * @param appId the appid
	 * @param openid the user's openid
	 * @return the key (base64 of 16 bytes), or {@code null} if the user has none (since the last
	 * reset)
	 */
	public @Nullable String sessionKey(String appId, String openid) {
		return this.api.sessionKey(appId, openid);
	}

	/**
	 * Encrypt data for a user the way WeChat encrypts open data ({@code wx.getWeRunData}, group
	 * information): the JSON object with a {@code watermark} of the app id and the current time
	 * added, AES-128-CBC with PKCS#7 padding under the user's current {@code session_key} and a
	 * random iv.
	 * @param appId the appid
	 * @param openid the user's openid
	 * @param json a JSON object, such as {@code {"stepInfoList":[...]}}
	 * @return the {@code encryptedData} and {@code iv}, base64
	 * @throws IllegalStateException if the user has no session key (no {@code jscode2session}
	 * since the last reset)
	 * @throws IllegalArgumentException if the JSON is no object
	 */
	public EncryptedData encryptForUser(String appId, String openid, String json) {
		return this.api.encryptForUser(appId, openid, json);
	}

	/**
	 * Data encrypted for a user, as a mini program API hands it to the page.
	 *
	 * @param encryptedData the ciphertext, base64
	 * @param iv the initialization vector, base64
	 */
	public record EncryptedData(String encryptedData, String iv) {

	}

	/**
	 * Make a minted code behave as expired.
	 * @param code the code
	 * @throws IllegalArgumentException if the code was not minted (since the last reset)
	 */
	public void expireCode(String code) {
		this.api.expireCode(code);
	}

	/**
	 * Invalidate all current access tokens (classic and stable) of an app: using them
	 * gives errcode 40001.
	 * @param appId the appid
	 */
	public void invalidateAccessTokens(String appId) {
		this.api.invalidateAccessTokens(appId);
	}

	/**
	 * Set a latency added to every response of a WeChat endpoint (including faults), but
	 * not to the {@code /simulator/*} endpoints.
	 * @param latency the latency, {@link Duration#ZERO} for none
	 */
	public void setLatency(Duration latency) {
		Objects.requireNonNull(latency, "'latency' must not be null");
		if (latency.isNegative()) {
			throw new IllegalArgumentException("'latency' must not be negative");
		}
		this.latency = latency;
	}

	/**
	 * Enqueue a fault for the next request to an endpoint. Faults enqueued for the same
	 * endpoint are used in order, one per request, before any
	 * {@link #setFault(Endpoint, Fault) persistent fault}.
	 * @param endpoint the endpoint
	 * @param fault the fault
	 */
	public void enqueueFault(Endpoint endpoint, Fault fault) {
		Objects.requireNonNull(endpoint, "'endpoint' must not be null");
		Objects.requireNonNull(fault, "'fault' must not be null");
		this.queuedFaults.get(endpoint).add(fault);
	}

	/**
	 * Set a fault answering every request to an endpoint (once the enqueued faults are
	 * used up), until cleared.
	 * @param endpoint the endpoint
	 * @param fault the fault, or {@code null} to clear it
	 */
	public void setFault(Endpoint endpoint, @Nullable Fault fault) {
		Objects.requireNonNull(endpoint, "'endpoint' must not be null");
		if (fault != null) {
			this.persistentFaults.put(endpoint, fault);
		}
		else {
			this.persistentFaults.remove(endpoint);
		}
	}

	/**
	 * Return the number of requests received by an endpoint since the start or the last
	 * reset, whatever answered them.
	 * @param endpoint the endpoint
	 * @return the number of requests
	 */
	public int requestCount(Endpoint endpoint) {
		Objects.requireNonNull(endpoint, "'endpoint' must not be null");
		return this.counts.get(endpoint).get();
	}

	/**
	 * Return the requests received by an endpoint since the start or the last reset, in
	 * the order they arrived.
	 * @param endpoint the endpoint
	 * @return an immutable snapshot of the requests
	 */
	public List<RecordedRequest> requests(Endpoint endpoint) {
		Objects.requireNonNull(endpoint, "'endpoint' must not be null");
		return List.copyOf(this.recorded.get(endpoint));
	}

	/**
	 * Reset to the initial state, keeping the registered apps: clears request counts and
	 * recorded requests, faults, latency, codes, access tokens and rate limits, and
	 * restores the clock given to the builder.
	 */
	public void reset() {
		for (Endpoint endpoint : Endpoint.values()) {
			this.queuedFaults.get(endpoint).clear();
			this.counts.get(endpoint).set(0);
			this.recorded.get(endpoint).clear();
		}
		this.persistentFaults.clear();
		this.latency = Duration.ZERO;
		this.api.reset();
	}

	/**
	 * Set the clock deciding the expiry of codes (5 minutes), access tokens and rate
	 * limits.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.api.setClock(clock);
	}

	private void handle(HttpExchange exchange) {
		try {
			Endpoint endpoint = Endpoint.forPath(exchange.getRequestURI().getPath());
			String method = exchange.getRequestMethod();
			byte[] requestBody = exchange.getRequestBody().readAllBytes();
			if (endpoint == null) {
				send(exchange, SimulatorResponse.simulatorError(404, "not found"));
				return;
			}
			Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
			String body = new String(requestBody, StandardCharsets.UTF_8);
			this.counts.get(endpoint).incrementAndGet();
			this.recorded.get(endpoint).add(new RecordedRequest(method, endpoint.path(), query, body));
			if (endpoint.isWeChatApi()) {
				sleep(this.latency);
			}
			Fault fault = nextFault(endpoint);
			if (fault != null) {
				Duration delay = fault.getDelay();
				if (delay == null) {
					fault.respond(exchange);
					return;
				}
				sleep(delay);
			}
			send(exchange, dispatch(endpoint, method, query, body));
		}
		catch (IOException ex) {
			// The client went away
		}
		catch (InterruptedException ex) {
			// Closing
			Thread.currentThread().interrupt();
		}
		finally {
			exchange.close();
		}
	}

	private SimulatorResponse dispatch(Endpoint endpoint, String method, Map<String, String> query, String body) {
		try {
			return switch (endpoint) {
				case JSCODE2SESSION -> this.api.jscode2session(method, query);
				case CODE2VERIFYINFO -> this.api.code2verifyinfo(method, query);
				case TOKEN -> this.api.token(method, query);
				case STABLE_TOKEN -> this.api.stableToken(method, body);
				case ISSUE_CODE -> this.api.issueCode(method, body);
				case GET_USER_PHONE_NUMBER -> this.api.getUserPhoneNumber(method, query, body);
				case ISSUE_PHONE_CODE -> this.api.issuePhoneCode(method, body);
				case CHECK_SESSION -> this.api.checkSession(method, query);
				case ENCRYPT_DATA -> this.api.encryptForUser(method, body);
			};
		}
		catch (RuntimeException ex) {
			return SimulatorResponse.simulatorError(500, "simulator failure: " + ex);
		}
	}

	private @Nullable Fault nextFault(Endpoint endpoint) {
		Fault fault = this.queuedFaults.get(endpoint).poll();
		return (fault != null) ? fault : this.persistentFaults.get(endpoint);
	}

	private static void send(HttpExchange exchange, SimulatorResponse response) throws IOException {
		byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", response.contentType());
		boolean head = "HEAD".equals(exchange.getRequestMethod());
		exchange.sendResponseHeaders(response.status(), (head || body.length == 0) ? -1 : body.length);
		if (!head) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static Map<String, String> parseQuery(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return Collections.emptyMap();
		}
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			query.putIfAbsent(name, value);
		}
		return query;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	private static void sleep(Duration duration) throws InterruptedException {
		if (!duration.isZero()) {
			Thread.sleep(duration.toMillis());
		}
	}

	private HttpServer requireServer() {
		synchronized (this.lifecycleMonitor) {
			if (this.server == null) {
				throw new IllegalStateException("The simulator has not been started");
			}
			return this.server;
		}
	}

	private static InetAddress loopback() {
		try {
			return InetAddress.getByAddress(LOOPBACK, new byte[] { 127, 0, 0, 1 });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A builder for a {@link WeChatApiSimulator}.
	 */
	public static final class Builder {

		private int port;

		private final Map<String, String> apps = new LinkedHashMap<>();

		private Duration accessTokenTtl = Duration.ofSeconds(7200);

		private Clock clock = Clock.systemUTC();

		private boolean countConnections;

		private Builder() {
		}

		/**
		 * Set the port to listen on.
		 * @param port the port, {@code 0} (the default) for a free one
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("'port' must be between 0 and 65535");
			}
			this.port = port;
			return this;
		}

		/**
		 * Register an app. May be called several times; the first app is the default one.
		 * @param appId the appid
		 * @param secret the app secret
		 * @return this builder
		 */
		public Builder app(String appId, String secret) {
			Objects.requireNonNull(appId, "'appId' must not be null");
			Objects.requireNonNull(secret, "'secret' must not be null");
			this.apps.put(appId, secret);
			return this;
		}

		/**
		 * Set the lifetime of access tokens.
		 * @param ttl the lifetime, 7200 seconds by default
		 * @return this builder
		 */
		public Builder accessTokenTtl(Duration ttl) {
			Objects.requireNonNull(ttl, "'ttl' must not be null");
			if (ttl.isNegative() || ttl.isZero()) {
				throw new IllegalArgumentException("'ttl' must be positive");
			}
			this.accessTokenTtl = ttl;
			return this;
		}

		/**
		 * Set the clock, {@link Clock#systemUTC()} by default.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
			return this;
		}

		/**
		 * Count the connections clients hold open, for
		 * {@link WeChatApiSimulator#openConnections()}: to check that a client closes or reuses
		 * its connections whatever the simulator answers. The simulator then listens through a
		 * relay in the same process that passes every byte and every end of stream on to its HTTP
		 * server, on two threads per connection; off by default, as the relay adds a little
		 * latency and those threads.
		 * @return this builder
		 */
		public Builder countConnections() {
			this.countConnections = true;
			return this;
		}

		/**
		 * Build the simulator; call {@link WeChatApiSimulator#start()} to serve.
		 * @return the simulator, not started
		 */
		public WeChatApiSimulator build() {
			return new WeChatApiSimulator(this);
		}

	}

	private static final class DaemonThreadFactory implements ThreadFactory {

		private static final AtomicInteger POOL = new AtomicInteger();

		private final String prefix = "wechat-api-simulator-" + POOL.incrementAndGet() + "-";

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(runnable, this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
