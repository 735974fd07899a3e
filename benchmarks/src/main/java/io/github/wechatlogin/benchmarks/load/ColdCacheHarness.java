package io.github.wechatlogin.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.benchmarks.app.LibraryApps;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cold-cache target: starts the simulator (with latency, 50 ms by default, so that the
 * logins really overlap) and a demo-like application on a free port, then fires N (500)
 * concurrent multi-app logins, each with its own code, all released at once, before any access
 * token was fetched. Prints the status counts and how many {@code stable_token} (and
 * {@code token}) requests reached WeChat: the target is exactly 1. Repeats R times (3), each
 * time on a fresh application and simulator. Exits non-zero when a round misses the target.
 * Usage: {@code ColdCacheHarness [logins] [rounds] [latency-ms]}.
 */
public final class ColdCacheHarness {

	private ColdCacheHarness() {
	}

	public static void main(String[] args) throws Exception {
		int logins = (args.length > 0) ? Integer.parseInt(args[0]) : 500;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		long latencyMillis = (args.length > 2) ? Long.parseLong(args[2]) : 50;
		boolean allMet = true;
		for (int round = 1; round <= rounds; round++) {
			allMet &= round(round, logins, latencyMillis);
		}
		System.exit(allMet ? 0 : 1);
	}

	private static boolean round(int round, int logins, long latencyMillis) throws Exception {
		try (WeChatApiSimulator simulator = WeChatApiSimulator.builder()
			.app(LibraryApps.MULTI_APP_ID, LibraryApps.MULTI_APP_SECRET)
			.app(LibraryApps.MINI_PROGRAM_ID, LibraryApps.MINI_PROGRAM_SECRET)
			.build()
			.start()) {
			// Tomcat must accept the whole burst at once: one thread per login
			ConfigurableApplicationContext app = LibraryApps.start(simulator.getBaseUrl(), 0,
					"--server.tomcat.threads.max=" + (logins + 16), "--server.tomcat.accept-count=" + logins,
					"--server.tomcat.max-connections=" + (logins + 64));
			try {
				int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
				simulator.setLatency(Duration.ofMillis(latencyMillis));
				List<String> codes = new ArrayList<>(logins);
				for (int i = 0; i < logins; i++) {
					codes.add(simulator.issueCode(LibraryApps.MULTI_APP_ID,
							SimulatedUser.weixinApp("o-cold-" + round + "-" + i, null)));
				}
				HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
				ExecutorService pool = Executors.newFixedThreadPool(logins);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Integer>> results = new ArrayList<>(logins);
				for (String code : codes) {
					results.add(pool.submit(() -> {
						HttpRequest request = HttpRequest
							.newBuilder(URI.create("http://127.0.0.1:" + port + "/login/wechat"))
							.timeout(Duration.ofSeconds(60))
							.header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"))
							.build();
						start.await();
						return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
					}));
				}
				long began = System.nanoTime();
				start.countDown();
				Map<Integer, Integer> statuses = new TreeMap<>();
				for (Future<Integer> result : results) {
					int status;
					try {
						status = result.get(90, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						status = -1;
					}
					statuses.merge(status, 1, Integer::sum);
				}
				long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
				pool.shutdownNow();
				int stable = simulator.requestCount(Endpoint.STABLE_TOKEN);
				int classic = simulator.requestCount(Endpoint.TOKEN);
				int exchanges = simulator.requestCount(Endpoint.CODE2VERIFYINFO);
				boolean met = stable == 1 && classic == 0 && statuses.getOrDefault(200, 0) == logins;
				System.out.printf(
						"RESULT round=%d logins=%d latency_ms=%d statuses=%s stable_token_requests=%d token_requests=%d code2verifyinfo_requests=%d wall_ms=%d target_met=%s%n",
						round, logins, latencyMillis, statuses, stable, classic, exchanges, millis, met);
				return met;
			}
			finally {
				app.close();
			}
		}
	}

}
