package io.github.wechatlogin.knobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A knob test's application running on a free loopback port, with the simulator it talks to (if
 * any), the events it published, and a small HTTP client for it.
 */
final class KnobApp implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	final ConfigurableApplicationContext context;

	final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

	private final WeChatApiSimulator simulator;

	private KnobApp(ConfigurableApplicationContext context, WeChatApiSimulator simulator) {
		this.context = context;
		this.simulator = simulator;
		context.addApplicationListener((ApplicationListener<ApplicationEvent>) this.events::add);
	}

	/**
	 * Start the application against the simulator ({@code wechat.login.api-base-url}).
	 */
	static KnobApp start(Class<?> application, WeChatApiSimulator simulator, String... properties) {
		return startWithApiBaseUrl(application, simulator, simulator.getBaseUrl(), properties);
	}

	/**
	 * Start the application with the given WeChat API base URL.
	 */
	static KnobApp startWithApiBaseUrl(Class<?> application, WeChatApiSimulator simulator, String apiBaseUrl,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off", "wechat.login.api-base-url=" + apiBaseUrl));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.properties(all.toArray(String[]::new))
			.run();
		return new KnobApp(context, simulator);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Log in at the path with a fresh code of the app and assert the login succeeded.
	 */
	Response login(String path, String appId, String openid) throws Exception {
		Response response = loginWith(path, code(appId, openid), null);
		assertThat(response.status()).as("login at %s: %s", path, response.body()).isEqualTo(200);
		return response;
	}

	String code(String appId, String openid) {
		return this.simulator.issueCode(appId, SimulatedUser.miniProgram(openid, "u-" + openid));
	}

	Response loginWith(String path, String code, String redirectPath) throws Exception {
		String body = "{\"code\":\"" + code + "\""
				+ ((redirectPath != null) ? ",\"redirectPath\":\"" + redirectPath + "\"" : "") + "}";
		return postJson(path, body);
	}

	Response postJson(String path, String json) throws Exception {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Response refresh(String path, String refreshToken) throws Exception {
		return postJson(path, "{\"refresh_token\":\"" + refreshToken + "\"}");
	}

	Response postBearer(String path, String bearer) throws Exception {
		return send(request(path).header("Authorization", "Bearer " + bearer)
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	Response get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = request(path).GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return send(request);
	}

	Response getWithHeader(String path, String name, String value) throws Exception {
		return send(request(path).header(name, value).GET());
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
	}

	Response send(HttpRequest.Builder request) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
		return Response.of(response, Duration.ofNanos(System.nanoTime() - start).toMillis());
	}

	/**
	 * The shared client, or on WebFlux a new HTTP/1.1 client, so a connection, per request: the
	 * keep-alive race of Reactor Netty 1.3.6 (docs/webflux-and-gateway.md, "Known issues") is no
	 * part of the knob tests.
	 */
	private HttpClient client() {
		if ("reactive".equals(this.context.getEnvironment().getProperty("spring.main.web-application-type"))) {
			return HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(2))
				.build();
		}
		return http;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port") + path);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Close what was started, ignoring what was not.
	 */
	static void closeAll(AutoCloseable... closeables) throws Exception {
		for (AutoCloseable closeable : closeables) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

}
