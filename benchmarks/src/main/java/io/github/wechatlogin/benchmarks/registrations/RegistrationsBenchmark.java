package io.github.wechatlogin.benchmarks.registrations;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.wechatlogin.core.CachingWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.jdbc.JdbcWeChatRegistrationRepository;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Login latency with 10,000 registrations in a real PostgreSQL ({@code registration-store=jdbc})
 * against a single registration of the properties, and the heap the registration cache holds.
 * <p>
 * One JVM runs PostgreSQL's child process (initdb into a temporary directory, as {@code nobody}
 * when run as root), the simulator (no latency), the application and a sequential HTTP client,
 * so the figures are a login's cost on this machine, not a throughput. Scenarios, each
 * {@code logins} sequential logins after {@code warmup} of its own:
 * <ul>
 * <li>{@code single}: an application with one registration in the properties, {@code POST /login/wechat};</li>
 * <li>{@code jdbc-warm}: the JDBC application, a random tenant of the 10,000 per login, every
 * tenant already in the cache;</li>
 * <li>{@code jdbc-cold}: the same after {@code evictAll()} before every login, so that each login
 * reads its row from PostgreSQL (the worst case: time to live elapsed);</li>
 * <li>{@code jdbc-properties}: the JDBC application's own registration of the properties.</li>
 * </ul>
 * Usage: {@code RegistrationsBenchmark [rows=10000] [logins=3000] [warmup=2000] [repetitions=3]}.
 */
@SpringBootApplication
public class RegistrationsBenchmark {

	private static final String SECRET = "bench-secret";

	private static final String TOKEN_SECRET = "bench-token-secret-0123456789-0123456789-0123456789";

	private static final HttpClient http = HttpClient.newHttpClient();

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int logins = (args.length > 1) ? Integer.parseInt(args[1]) : 3_000;
		int warmup = (args.length > 2) ? Integer.parseInt(args[2]) : 2_000;
		int repetitions = (args.length > 3) ? Integer.parseInt(args[3]) : 3;
		System.out.printf("rows=%d logins=%d warmup=%d repetitions=%d java=%s cpus=%d%n", rows, logins, warmup,
				repetitions, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
		WeChatApiSimulator.Builder simulatorBuilder = WeChatApiSimulator.builder().app("wx-single", SECRET);
		for (int i = 0; i < rows; i++) {
			simulatorBuilder.app(appId(i), SECRET);
		}
		try (Postgres postgres = Postgres.start(); WeChatApiSimulator simulator = simulatorBuilder.build().start()) {
			HikariDataSource dataSource = postgres.dataSource();
			try (Connection connection = dataSource.getConnection()) {
				ScriptUtils.executeSqlScript(connection,
						new ClassPathResource(JdbcWeChatRegistrationRepository.SCHEMA_LOCATION));
			}
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			List<Object[]> batch = new ArrayList<>();
			for (int i = 0; i < rows; i++) {
				batch.add(new Object[] { "tenant-" + i, "mini-program", appId(i), SECRET });
			}
			jdbc.batchUpdate("INSERT INTO wechat_login_registration (registration_id, type, app_id, secret) "
					+ "VALUES (?, ?, ?, ?)", batch);
			jdbc.execute("ANALYZE wechat_login_registration");
			Random random = new Random(42);
			try (ConfigurableApplicationContext single = start(simulator, null, "wechat.login.type=mini-program",
					"wechat.login.app-id=wx-single", "wechat.login.secret=" + SECRET);
					ConfigurableApplicationContext multi = start(simulator, dataSource,
							"wechat.login.registration-store=jdbc",
							"wechat.login.registration-cache.maximum-size=" + Math.max(rows, 1),
							"wechat.login.registration-cache.time-to-live=1h", "wechat.login.apps.own.type=mini-program",
							"wechat.login.apps.own.app-id=wx-single", "wechat.login.apps.own.secret=" + SECRET)) {
				CachingWeChatRegistrationRepository cache = (CachingWeChatRegistrationRepository) multi
					.getBean(WeChatRegistrationRepository.class);
				long before = usedHeapAfterGc();
				for (int i = 0; i < rows; i++) {
					cache.findByRegistrationId("tenant-" + i);
				}
				long after = usedHeapAfterGc();
				System.out.printf("cache: %d registrations, %.1f MiB retained (%d bytes each); heap used %.1f MiB%n",
						cache.size(), (after - before) / 1048576.0, (after - before) / Math.max(rows, 1),
						after / 1048576.0);
				for (int repetition = 1; repetition <= repetitions; repetition++) {
					measure("single", repetition, single, simulator, warmup, logins, (n) -> "/login/wechat",
							(n) -> "wx-single", null);
					measure("jdbc-warm", repetition, multi, simulator, warmup, logins, tenantPath(random, rows),
							null, null);
					measure("jdbc-cold", repetition, multi, simulator, warmup, logins, tenantPath(random, rows), null,
							cache::evictAll);
					measure("jdbc-properties", repetition, multi, simulator, warmup, logins,
							(n) -> "/login/wechat/own", (n) -> "wx-single", null);
				}
				System.out.printf("cache after the runs: %d entries; heap used after GC %.1f MiB%n", cache.size(),
						usedHeapAfterGc() / 1048576.0);
			}
		}
	}

	private static IntFunction<String> tenantPath(Random random, int rows) {
		return (n) -> "/login/wechat/tenant-" + random.nextInt(rows);
	}

	private static void measure(String name, int repetition, ConfigurableApplicationContext app,
			WeChatApiSimulator simulator, int warmup, int logins, IntFunction<String> paths,
			IntFunction<String> appIds, Runnable beforeEach) throws Exception {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		long[] nanos = new long[logins];
		for (int n = -warmup; n < logins; n++) {
			String path = paths.apply(n);
			String appId = (appIds != null) ? appIds.apply(n) : "wx-" + path.substring(path.lastIndexOf('/') + 1);
			String code = simulator.issueCode(appId, SimulatedUser.miniProgram("o-" + name + "-" + n));
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"))
				.build();
			if (beforeEach != null) {
				beforeEach.run();
			}
			long start = System.nanoTime();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			long took = System.nanoTime() - start;
			if (response.statusCode() != 200) {
				throw new IllegalStateException(name + ": " + path + " answered " + response.statusCode() + " "
						+ response.body());
			}
			if (n >= 0) {
				nanos[n] = took;
			}
		}
		Arrays.sort(nanos);
		double mean = Arrays.stream(nanos).average().orElse(0) / 1000.0;
		System.out.printf("%-16s rep %d: p50 %7.0f us  p90 %7.0f us  p99 %7.0f us  mean %7.0f us  (%d logins)%n",
				name, repetition, nanos[logins / 2] / 1000.0, nanos[logins * 9 / 10] / 1000.0,
				nanos[logins * 99 / 100] / 1000.0, mean, logins);
	}

	private static ConfigurableApplicationContext start(WeChatApiSimulator simulator, HikariDataSource dataSource,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off", "logging.level.root=WARN", "wechat.login.method-security=false",
				"wechat.login.api-base-url=" + simulator.getBaseUrl(), "wechat.login.token.secret=" + TOKEN_SECRET));
		all.addAll(List.of(properties));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(RegistrationsBenchmark.class)
			.properties(all.toArray(String[]::new));
		if (dataSource != null) {
			builder.initializers((context) -> context.getBeanFactory().registerSingleton("dataSource", dataSource));
		}
		return builder.run();
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static String appId(int i) {
		return "wx-tenant-" + i;
	}

	/**
	 * PostgreSQL in a temporary directory on a free port, without durability.
	 */
	static final class Postgres implements AutoCloseable {

		private final Path directory;

		private final Process process;

		private final int port;

		private final List<HikariDataSource> dataSources = new ArrayList<>();

		private Postgres(Path directory, Process process, int port) {
			this.directory = directory;
			this.process = process;
			this.port = port;
		}

		static Postgres start() throws Exception {
			File bin = Stream.of(new File("/usr/lib/postgresql").listFiles())
				.map((version) -> new File(version, "bin"))
				.filter((candidate) -> new File(candidate, "initdb").canExecute())
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql)"));
			Path directory = Files.createTempDirectory("bench-postgres");
			boolean root = "root".equals(System.getProperty("user.name"));
			if (root) {
				new ProcessBuilder("chown", "nobody", directory.toString()).inheritIO().start().waitFor();
			}
			List<String> prefix = root ? List.of("runuser", "-u", "nobody", "--") : List.of();
			List<String> initdb = new ArrayList<>(prefix);
			initdb.addAll(List.of(new File(bin, "initdb").getPath(), "-D", directory.resolve("data").toString(), "-U",
					"postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"));
			Process init = new ProcessBuilder(initdb).redirectErrorStream(true)
				.redirectOutput(directory.resolve("init.log").toFile())
				.start();
			if (init.waitFor() != 0) {
				throw new IOException("initdb failed: " + Files.readString(directory.resolve("init.log")));
			}
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			List<String> server = new ArrayList<>(prefix);
			server.addAll(List.of(new File(bin, "postgres").getPath(), "-D", directory.resolve("data").toString(), "-p",
					Integer.toString(port), "-k", directory.toString(), "-c", "listen_addresses=127.0.0.1", "-c",
					"fsync=off", "-c", "synchronous_commit=off"));
			Process process = new ProcessBuilder(server).redirectErrorStream(true)
				.redirectOutput(directory.resolve("server.log").toFile())
				.start();
			Postgres postgres = new Postgres(directory, process, port);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (true) {
				try (Connection connection = java.sql.DriverManager
					.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "")) {
					break;
				}
				catch (java.sql.SQLException ex) {
					if (System.nanoTime() > deadline || !process.isAlive()) {
						throw new IOException("PostgreSQL did not start: " + Files.readString(directory.resolve("server.log")), ex);
					}
					Thread.sleep(100);
				}
			}
			return postgres;
		}

		HikariDataSource dataSource() {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + this.port + "/postgres");
			config.setUsername("postgres");
			config.setMaximumPoolSize(4);
			HikariDataSource dataSource = new HikariDataSource(config);
			this.dataSources.add(dataSource);
			return dataSource;
		}

		@Override
		public void close() throws Exception {
			this.dataSources.forEach(HikariDataSource::close);
			this.process.destroy();
			this.process.waitFor(20, TimeUnit.SECONDS);
			try (Stream<Path> files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}

	}

}
