package io.github.wechatlogin.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

/**
 * The WeChat side of the load runs: the simulator of {@code wechat-login-test} on
 * {@code 127.0.0.1:<port>} (8089 by default) knowing the demo's two apps, plus a small control
 * server on {@code 127.0.0.1:<control-port>} (8090) that the load script drives with curl:
 * <ul>
 * <li>{@code GET /latency?ms=50} sets the simulator's latency;</li>
 * <li>{@code GET /mint?app=<appid>&n=<count>&file=<path>} resets the simulator (keeping latency),
 * mints {@code n} codes, each for a distinct user, and writes them one a line to the file;</li>
 * <li>{@code GET /count?endpoint=STABLE_TOKEN} answers a request count;</li>
 * <li>{@code GET /stop} stops everything.</li>
 * </ul>
 * It stops by itself after {@code max-minutes} (60 by default) in any case.
 * Usage: {@code LoadSimulator [port] [control-port] [max-minutes]}.
 */
public final class LoadSimulator {

	static final Map<String, String> DEMO_APPS = Map.of("wx-demo-multi-app", "demo-secret-for-the-simulator-only",
			"wx-demo-mini-program", "demo-classic-secret-for-the-simulator-only");

	private static final AtomicLong users = new AtomicLong();

	private LoadSimulator() {
	}

	public static void main(String[] args) throws Exception {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 8089;
		int controlPort = (args.length > 1) ? Integer.parseInt(args[1]) : 8090;
		int maxMinutes = (args.length > 2) ? Integer.parseInt(args[2]) : 60;
		WeChatApiSimulator.Builder builder = WeChatApiSimulator.builder().port(port).app("wx-demo-multi-app",
				DEMO_APPS.get("wx-demo-multi-app"));
		builder.app("wx-demo-mini-program", DEMO_APPS.get("wx-demo-mini-program"));
		WeChatApiSimulator simulator = builder.build().start();
		Duration[] latency = { Duration.ZERO };
		HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPort), 16);
		control.setExecutor(Executors.newSingleThreadExecutor());
		control.createContext("/", (exchange) -> {
			Map<String, String> query = query(exchange);
			String path = exchange.getRequestURI().getPath();
			try {
				switch (path) {
					case "/latency" -> {
						latency[0] = Duration.ofMillis(Long.parseLong(query.get("ms")));
						simulator.setLatency(latency[0]);
						answer(exchange, 200, "latency " + latency[0].toMillis() + " ms");
					}
					case "/mint" -> {
						simulator.reset();
						simulator.setLatency(latency[0]);
						int n = Integer.parseInt(query.get("n"));
						String app = query.get("app");
						boolean mini = "wx-demo-mini-program".equals(app);
						List<String> codes = new ArrayList<>(n);
						for (int i = 0; i < n; i++) {
							String openid = "o-load-" + users.incrementAndGet();
							SimulatedUser user = mini ? SimulatedUser.miniProgram(openid, null)
									: SimulatedUser.weixinApp(openid, null);
							codes.add(simulator.issueCode(app, user));
						}
						Files.write(Path.of(query.get("file")), codes, StandardCharsets.US_ASCII);
						answer(exchange, 200, n + " codes");
					}
					case "/count" -> answer(exchange, 200,
							Integer.toString(simulator.requestCount(Endpoint.valueOf(query.get("endpoint")))));
					case "/stop" -> {
						answer(exchange, 200, "stopping");
						System.exit(0);
					}
					default -> answer(exchange, 404, "unknown");
				}
			}
			catch (RuntimeException ex) {
				answer(exchange, 500, ex.toString());
			}
		});
		control.start();
		System.out.println("simulator on " + simulator.getBaseUrl() + ", control on 127.0.0.1:" + controlPort);
		Thread.sleep(Duration.ofMinutes(maxMinutes).toMillis());
		System.out.println("time limit reached, stopping");
		System.exit(0);
	}

	private static Map<String, String> query(HttpExchange exchange) {
		Map<String, String> query = new HashMap<>();
		String raw = exchange.getRequestURI().getQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					query.put(pair.substring(0, equals), pair.substring(equals + 1));
				}
			}
		}
		return query;
	}

	private static void answer(HttpExchange exchange, int status, String body) {
		try (exchange) {
			byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
