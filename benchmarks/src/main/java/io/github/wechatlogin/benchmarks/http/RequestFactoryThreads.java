package io.github.wechatlogin.benchmarks.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

/**
 * The minimal reproduction of the thread churn of {@code HttpClient.sendAsync}, and what each
 * request factory costs per call.
 * <p>
 * This JVM serves a small JSON answer on loopback ({@code com.sun.net.httpserver}) and starts
 * one fresh client JVM per factory, HTTP method and repetition, with this JVM's options (so
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=1} reaches the clients). A
 * client sends {@code warm-up} requests, then {@code requests} more, one after the other on one
 * thread or spread over {@code concurrency} threads, and reports for those: threads started
 * ({@code ThreadMXBean.getTotalStartedThreadCount}) and CPU time of the whole client process
 * ({@code OperatingSystemMXBean.getProcessCpuTime}) per call, and, with one thread, the calling
 * thread's own CPU time per call. The server's CPU is in this JVM and counts nowhere. The table
 * at the end is the median of the repetitions.
 * <p>
 * Factories: {@code send} and {@code sendAsync} ({@code HttpClient.send} and
 * {@code HttpClient.sendAsync(...).join()}, no Spring), {@code spring-jdk}
 * ({@link JdkClientHttpRequestFactory}), {@code wechat-login} (the starter's blocking factory,
 * found by name on the class path), {@code simple} ({@link SimpleClientHttpRequestFactory},
 * {@code HttpURLConnection}), {@code apache} ({@link HttpComponentsClientHttpRequestFactory}
 * with its default client) and {@code reactor} ({@link ReactorClientHttpRequestFactory} with
 * its default client); the last two need {@code target/classpath-http-clients.txt} on the class
 * path. Every factory reads with a 5 s timeout; the JDK clients are built as the starter builds
 * its own (HTTP/1.1, no redirects, 2 s connect timeout).
 * <p>
 * Usage: {@code RequestFactoryThreads [requests] [warm-up] [repetitions] [factories] [methods] [concurrency]},
 * defaults {@code 4000 8000 3 send,sendAsync,spring-jdk,wechat-login,simple,apache,reactor GET,POST 1}.
 */
public final class RequestFactoryThreads {

	static final String ALL_FACTORIES = "send,sendAsync,spring-jdk,wechat-login,simple,apache,reactor";

	private static final byte[] ANSWER = "{\"openid\":\"o-0123456789abcdef\",\"session_key\":\"c2Vzc2lvbi1rZXk=\",\"unionid\":\"u-0123456789abcdef\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] REQUEST_BODY = "{\"grant_type\":\"client_credential\",\"appid\":\"wx0123456789\",\"secret\":\"s\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

	private static final String[] BLOCKING_FACTORY_CLASSES = {
			"io.github.wechatlogin.autoconfigure.BlockingJdkClientHttpRequestFactory",
			"io.github.wechatlogin.client.BlockingJdkClientHttpRequestFactory" };

	private RequestFactoryThreads() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("--client")) {
			client(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
					Integer.parseInt(args[6]));
			return;
		}
		int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 4000;
		int warmUp = (args.length > 1) ? Integer.parseInt(args[1]) : 8000;
		int repetitions = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		List<String> factories = List.of(((args.length > 3) ? args[3] : ALL_FACTORIES).split(","));
		List<String> methods = List.of(((args.length > 4) ? args[4] : "GET,POST").split(","));
		int concurrency = (args.length > 5) ? Integer.parseInt(args[5]) : 1;
		// headers and body in one TCP segment, or every answer waits for the client's delayed ACK (40 ms)
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		server.setExecutor(Executors.newFixedThreadPool(Math.max(4, concurrency)));
		server.createContext("/", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				in.readAllBytes();
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, ANSWER.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(ANSWER);
			}
		});
		server.start();
		try {
			Map<String, List<double[]>> results = new LinkedHashMap<>();
			for (int repetition = 1; repetition <= repetitions; repetition++) {
				for (String method : methods) {
					for (String factory : factories) {
						double[] result = runClient(factory, method, server.getAddress().getPort(), requests, warmUp,
								concurrency);
						results.computeIfAbsent(factory + " " + method, (key) -> new ArrayList<>()).add(result);
					}
				}
			}
			System.out.printf("%nMEDIAN of %d: Java %s, common pool parallelism %d (of %d CPUs), %d calls each on %d thread(s)%n",
					repetitions, System.getProperty("java.version"), ForkJoinPool.getCommonPoolParallelism(),
					Runtime.getRuntime().availableProcessors(), requests, concurrency);
			System.out.printf("%-24s %16s %16s %22s %16s%n", "factory method", "threads/call", "cpu_us/call",
					"caller_thread_cpu_us", "wall_us/call");
			results.forEach((key, runs) -> System.out.printf("%-24s %16.3f %16.1f %22.1f %16.1f%n", key,
					median(runs, 0), median(runs, 1), median(runs, 2), median(runs, 3)));
		}
		finally {
			server.stop(0);
			((ExecutorService) server.getExecutor()).shutdownNow();
		}
	}

	private static double[] runClient(String factory, String method, int port, int requests, int warmUp,
			int concurrency) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), RequestFactoryThreads.class.getName(),
				"--client", factory, method, String.valueOf(port), String.valueOf(requests), String.valueOf(warmUp),
				String.valueOf(concurrency)));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0 || !output.contains("RESULT ")) {
			throw new IllegalStateException("The client of " + factory + " " + method + " failed:\n" + output);
		}
		String line = output.lines().filter((candidate) -> candidate.startsWith("RESULT ")).findFirst().orElseThrow();
		System.out.println(line);
		Map<String, String> fields = new LinkedHashMap<>();
		for (String field : line.substring("RESULT ".length()).split(" ")) {
			String[] pair = field.split("=", 2);
			fields.put(pair[0], pair[1]);
		}
		return new double[] { Double.parseDouble(fields.get("threads_per_call")),
				Double.parseDouble(fields.get("cpu_us_per_call")), Double.parseDouble(fields.get("caller_cpu_us_per_call")),
				Double.parseDouble(fields.get("wall_us_per_call")) };
	}

	private static double median(List<double[]> runs, int index) {
		double[] values = runs.stream().mapToDouble((run) -> run[index]).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static void client(String factoryName, String method, int port, int requests, int warmUp,
			int concurrency) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port + "/sns/jscode2session?appid=wx&js_code=c");
		Call call = call(factoryName, HttpMethod.valueOf(method), uri);
		ExecutorService callers = (concurrency > 1) ? Executors.newFixedThreadPool(concurrency) : null;
		run(call, warmUp, callers, concurrency);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long startedBefore = threads.getTotalStartedThreadCount();
		long cpuBefore = os.getProcessCpuTime();
		long callerCpuBefore = threads.getCurrentThreadCpuTime();
		long wallBefore = System.nanoTime();
		run(call, requests, callers, concurrency);
		long wall = System.nanoTime() - wallBefore;
		long callerCpu = threads.getCurrentThreadCpuTime() - callerCpuBefore;
		long cpu = os.getProcessCpuTime() - cpuBefore;
		long started = threads.getTotalStartedThreadCount() - startedBefore;
		System.out.printf("RESULT factory=%s method=%s java=%s parallelism=%d requests=%d threads_started=%d"
				+ " threads_per_call=%.3f cpu_us_per_call=%.1f caller_cpu_us_per_call=%.1f wall_us_per_call=%.1f%n",
				factoryName, method, System.getProperty("java.version"), ForkJoinPool.getCommonPoolParallelism(),
				requests, started, (double) started / requests, cpu / 1000.0 / requests,
				(callers != null) ? 0.0 : callerCpu / 1000.0 / requests, wall / 1000.0 / requests);
		System.exit(0);
	}

	/**
	 * Make the calls on this thread, or spread over the callers' threads (started before, in the
	 * warm-up).
	 */
	private static void run(Call call, int calls, ExecutorService callers, int concurrency) throws Exception {
		if (callers == null) {
			for (int i = 0; i < calls; i++) {
				call.run();
			}
			return;
		}
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < concurrency; t++) {
			int share = calls / concurrency + ((t < calls % concurrency) ? 1 : 0);
			futures.add(callers.submit(() -> {
				for (int i = 0; i < share; i++) {
					call.run();
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
	}

	private static Call call(String factoryName, HttpMethod method, URI uri) throws Exception {
		if (factoryName.equals("send") || factoryName.equals("sendAsync")) {
			HttpClient httpClient = httpClient();
			boolean async = factoryName.equals("sendAsync");
			return () -> {
				HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT);
				if (method == HttpMethod.POST) {
					builder.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofByteArray(REQUEST_BODY));
				}
				HttpRequest request = builder.build();
				HttpResponse<InputStream> response = async
						? httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).join()
						: httpClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
				try (InputStream body = response.body()) {
					check(response.statusCode(), body.readAllBytes());
				}
			};
		}
		ClientHttpRequestFactory factory = factory(factoryName);
		return () -> {
			ClientHttpRequest request = factory.createRequest(uri, method);
			if (method == HttpMethod.POST) {
				request.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				request.getHeaders().setContentLength(REQUEST_BODY.length);
				request.getBody().write(REQUEST_BODY);
			}
			try (ClientHttpResponse response = request.execute()) {
				check(response.getStatusCode().value(), response.getBody().readAllBytes());
			}
		};
	}

	private static ClientHttpRequestFactory factory(String name) throws Exception {
		switch (name) {
			case "spring-jdk" -> {
				JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(httpClient());
				factory.setReadTimeout(READ_TIMEOUT);
				return factory;
			}
			case "wechat-login" -> {
				return blockingFactory();
			}
			case "simple" -> {
				SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
				factory.setConnectTimeout(Duration.ofSeconds(2));
				factory.setReadTimeout(READ_TIMEOUT);
				return factory;
			}
			case "apache" -> {
				HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory();
				factory.setReadTimeout(READ_TIMEOUT);
				return factory;
			}
			case "reactor" -> {
				ReactorClientHttpRequestFactory factory = new ReactorClientHttpRequestFactory();
				factory.setReadTimeout(READ_TIMEOUT);
				return factory;
			}
			default -> throw new IllegalArgumentException("Unknown factory " + name + "; known: " + ALL_FACTORIES);
		}
	}

	/**
	 * The starter's blocking factory, by reflection: it is not public API.
	 */
	private static ClientHttpRequestFactory blockingFactory() throws Exception {
		for (String className : BLOCKING_FACTORY_CLASSES) {
			Class<?> type;
			try {
				type = Class.forName(className);
			}
			catch (ClassNotFoundException ex) {
				continue;
			}
			Constructor<?> constructor = type.getDeclaredConstructor(HttpClient.class);
			constructor.setAccessible(true);
			Object factory = constructor.newInstance(httpClient());
			var setReadTimeout = type.getDeclaredMethod("setReadTimeout", Duration.class);
			setReadTimeout.setAccessible(true);
			setReadTimeout.invoke(factory, READ_TIMEOUT);
			return (ClientHttpRequestFactory) factory;
		}
		throw new IllegalStateException("No BlockingJdkClientHttpRequestFactory on the class path");
	}

	private static HttpClient httpClient() {
		return HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(2))
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	private static void check(int status, byte[] body) {
		if (status != 200 || body.length != ANSWER.length) {
			throw new IllegalStateException("Unexpected answer " + status + " of " + body.length + " bytes");
		}
	}

	@FunctionalInterface
	private interface Call {

		void run() throws Exception;

	}

}
