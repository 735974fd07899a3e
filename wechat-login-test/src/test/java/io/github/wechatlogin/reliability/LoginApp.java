package io.github.wechatlogin.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wechatlogin.integration.IntegrationTestApplication;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;

/**
 * A running application (the integration test application, auto-configured WeChat login) on a
 * free port, with its own simulator, and a small HTTP client for it.
 */
final class LoginApp implements AutoCloseable {

	static final String MULTI_APP_ID = "wx-rel-multi";

	static final String MINI_PROGRAM_ID = "wx-rel-mini";

	static final String SECRET = "reliability-app-secret-7f3a9c";

	static final String TOKEN_SECRET = "reliability-token-secret-0123456789-abcdefghij";

	static final JsonMapper JSON = JsonMapper.shared();

	final WeChatApiSimulator simulator;

	final ConfigurableApplicationContext context;

	final List<AbstractAuthenticationEvent> events = new CopyOnWriteArrayList<>();

	/** Whether each authentication event was published on a non-blocking (event loop) thread. */
	final List<Boolean> eventsOnNonBlockingThreads = new CopyOnWriteArrayList<>();

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private LoginApp(WeChatApiSimulator simulator, ConfigurableApplicationContext context) {
		this.simulator = simulator;
		this.context = context;
		context.addApplicationListener((ApplicationListener<AbstractAuthenticationEvent>) (event) -> {
			this.eventsOnNonBlockingThreads.add(reactor.core.scheduler.Schedulers.isInNonBlockingThread());
			this.events.add(event);
		});
	}

	static LoginApp start(String... extraProperties) {
		return start(WeChatApiSimulator.builder(), extraProperties);
	}

	/**
	 * Start an application whose simulator counts the connections open to it
	 * ({@link WeChatApiSimulator#openConnections()}).
	 */
	static LoginApp startCountingConnections(String... extraProperties) {
		return start(WeChatApiSimulator.builder().countConnections(), extraProperties);
	}

	private static LoginApp start(WeChatApiSimulator.Builder simulatorBuilder, String... extraProperties) {
		WeChatApiSimulator simulator = simulatorBuilder.app(MULTI_APP_ID, SECRET)
			.app(MINI_PROGRAM_ID, SECRET)
			.build()
			.start();
		List<String> properties = new ArrayList<>(List.of("server.port=0", "wechat.login.app-id=" + MULTI_APP_ID,
				"wechat.login.secret=" + SECRET, "wechat.login.api-base-url=" + simulator.getBaseUrl(),
				"wechat.login.token.secret=" + TOKEN_SECRET, "wechat.login.apps.classic.type=mini-program",
				"wechat.login.apps.classic.app-id=" + MINI_PROGRAM_ID, "wechat.login.apps.classic.secret=" + SECRET,
				"wechat.login.client.read-timeout=1s", "wechat.login.client.connect-timeout=1s",
				// every test scripts its own token faults: no backoff between them
				"wechat.login.client.access-token-failure-backoff=0s"));
		properties.addAll(List.of(extraProperties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(IntegrationTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
		return new LoginApp(simulator, context);
	}

	String port() {
		return this.context.getEnvironment().getProperty("local.server.port");
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	String code(String openid) {
		return this.simulator.issueCode(MULTI_APP_ID, SimulatedUser.miniProgram(openid, "u-" + openid));
	}

	HttpResponse<String> postJson(String path, String json) throws Exception {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> get(String path, String bearer) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer).GET());
	}

	HttpResponse<String> postBearer(String path, String bearer) throws Exception {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + bearer)
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http().send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The client for a request: on WebFlux a new one, with a connection of its own, for Reactor
	 * Netty 1.3.6 may leave a request that arrives on a kept-alive connection while the previous
	 * exchange completes unread (docs/webflux-and-gateway.md, "Known issues").
	 */
	private HttpClient http() {
		return reactive() ? HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build() : this.http;
	}

	boolean reactive() {
		return "reactive".equals(this.context.getEnvironment().getProperty("spring.main.web-application-type"));
	}

	JsonNode login(String openid) throws Exception {
		HttpResponse<String> response = postJson("/login/wechat", "{\"code\":\"" + code(openid) + "\"}");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	@Override
	public void close() {
		this.context.close();
		this.simulator.close();
	}

}
