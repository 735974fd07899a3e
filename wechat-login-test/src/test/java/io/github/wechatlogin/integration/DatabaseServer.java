package io.github.wechatlogin.integration;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * A real database server (PostgreSQL or MariaDB) started for the tests on a free loopback port
 * in a temporary directory, without durability. Started as {@code nobody} when the tests run as
 * root (both servers refuse to run as root). Where the server is not installed, the tests that
 * need it are skipped with a visible message, except under {@code CI=true}, where a missing
 * server fails the run.
 */
public final class DatabaseServer implements AutoCloseable {

	private static final String UNPRIVILEGED_USER = "nobody";

	private final Kind kind;

	private final int port;

	private final Path directory;

	private final Process process;

	private final List<HikariDataSource> dataSources = new ArrayList<>();

	private DatabaseServer(Kind kind, int port, Path directory, Process process) {
		this.kind = kind;
		this.port = port;
		this.directory = directory;
		this.process = process;
	}

	/**
	 * Start a PostgreSQL server ({@code initdb} and {@code postgres} of the OS package) with
	 * the database {@code wechat}.
	 */
	public static DatabaseServer postgres() throws Exception {
		File bin = findPostgres();
		if (bin == null) {
			skip("PostgreSQL is not installed (apt-get install postgresql)", "the PostgreSQL tests");
		}
		Path directory = directory("postgres");
		run(directory, List.of(new File(bin, "initdb").getPath(), "-D", directory.resolve("data").toString(), "-U",
				"postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"));
		int port = freePort();
		Process process = start(directory, List.of(new File(bin, "postgres").getPath(), "-D",
				directory.resolve("data").toString(), "-p", Integer.toString(port), "-k", directory.toString(), "-c",
				"listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
				"full_page_writes=off"), true);
		DatabaseServer server = new DatabaseServer(Kind.POSTGRES, port, directory, process);
		server.awaitPort();
		server.awaitQuery("postgres", "SELECT 1");
		server.execute("postgres", "CREATE DATABASE wechat");
		return server;
	}

	/**
	 * Start a MariaDB server ({@code mariadb-install-db} and {@code mariadbd} of the OS
	 * package, without grant tables) with the database {@code wechat}.
	 */
	public static DatabaseServer mariadb() throws Exception {
		// MariaDB before 10.5 names them mysql_install_db and mysqld
		File installDb = findExecutable("mariadb-install-db", "mysql_install_db");
		File server = findExecutable("mariadbd", "mysqld");
		if (installDb == null || server == null) {
			skip("MariaDB is not installed (apt-get install mariadb-server)", "the MariaDB tests");
		}
		Path directory = directory("mariadb");
		List<String> user = isRoot() ? List.of("--user=" + UNPRIVILEGED_USER) : List.of();
		List<String> install = new ArrayList<>(List.of(installDb.getPath(), "--no-defaults",
				"--datadir=" + directory.resolve("data"), "--auth-root-authentication-method=normal",
				"--skip-test-db"));
		install.addAll(user);
		run(directory, install);
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(server.getPath(), "--no-defaults",
				"--datadir=" + directory.resolve("data"), "--socket=" + directory.resolve("mariadb.sock"),
				"--pid-file=" + directory.resolve("mariadb.pid"), "--port=" + port, "--bind-address=127.0.0.1",
				"--skip-grant-tables", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0",
				"--innodb-buffer-pool-size=32M", "--skip-name-resolve"));
		command.addAll(user);
		Process process = start(directory, command, false);
		DatabaseServer started = new DatabaseServer(Kind.MARIADB, port, directory, process);
		started.awaitPort();
		started.awaitQuery("mysql", "SELECT 1");
		started.execute("mysql", "CREATE DATABASE wechat");
		return started;
	}

	/**
	 * Return the JDBC URL of the {@code wechat} database.
	 */
	public String getJdbcUrl() {
		return url("wechat");
	}

	public String getUsername() {
		return (this.kind == Kind.POSTGRES) ? "postgres" : "root";
	}

	public String getName() {
		return (this.kind == Kind.POSTGRES) ? "PostgreSQL" : "MariaDB";
	}

	/**
	 * Return a new pooled data source of the {@code wechat} database, closed with the server.
	 */
	public DataSource dataSource() {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(getJdbcUrl());
		config.setUsername(getUsername());
		config.setPassword("");
		config.setMaximumPoolSize(4);
		config.setConnectionTimeout(2000);
		HikariDataSource dataSource = new HikariDataSource(config);
		this.dataSources.add(dataSource);
		return dataSource;
	}

	@Override
	public void close() throws Exception {
		for (HikariDataSource dataSource : this.dataSources) {
			dataSource.close();
		}
		this.process.destroy();
		if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	private String url(String database) {
		return (this.kind == Kind.POSTGRES) ? "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database
				: "jdbc:mariadb://127.0.0.1:" + this.port + "/" + database;
	}

	private void execute(String database, String sql) throws Exception {
		try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url(database), getUsername(), "");
				java.sql.Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private void awaitQuery(String database, String sql) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Exception last = null;
		while (System.nanoTime() < deadline) {
			try {
				execute(database, sql);
				return;
			}
			catch (java.sql.SQLException ex) {
				last = ex;
				Thread.sleep(100);
			}
		}
		throw new IOException(getName() + " did not answer on port " + this.port + "; see " + this.directory, last);
	}

	private void awaitPort() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException(getName() + " exited at start-up: "
						+ Files.readString(this.directory.resolve("server.log")));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new IOException(getName() + " did not listen on port " + this.port);
	}

	private static void skip(String reason, String tests) {
		if ("true".equals(System.getenv("CI"))) {
			throw new IllegalStateException(reason + ", and CI=true requires " + tests);
		}
		String message = reason + ": skipping " + tests;
		System.err.println("WARNING: " + message);
		Assumptions.abort(message);
	}

	private static Path directory(String name) throws IOException {
		Path directory = Files.createTempDirectory(name);
		if (isRoot()) {
			chown(directory);
		}
		return directory;
	}

	private static void chown(Path path) throws IOException {
		try {
			Process chown = new ProcessBuilder("chown", UNPRIVILEGED_USER, path.toString()).inheritIO().start();
			if (chown.waitFor() != 0) {
				throw new IOException("chown " + UNPRIVILEGED_USER + " " + path + " failed");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static void run(Path directory, List<String> command) throws IOException, InterruptedException {
		Process process = start(directory, command, true, directory.resolve("init.log"));
		if (process.waitFor() != 0) {
			throw new IOException(String.join(" ", command) + " failed: "
					+ Files.readString(directory.resolve("init.log")));
		}
	}

	private static Process start(Path directory, List<String> command, boolean asUnprivileged) throws IOException {
		return start(directory, command, asUnprivileged, directory.resolve("server.log"));
	}

	private static Process start(Path directory, List<String> command, boolean asUnprivileged, Path log)
			throws IOException {
		List<String> full = new ArrayList<>();
		if (asUnprivileged && isRoot()) {
			full.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
		}
		full.addAll(command);
		return new ProcessBuilder(full).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static File findPostgres() {
		File initdb = findExecutable("initdb");
		if (initdb != null && new File(initdb.getParentFile(), "postgres").canExecute()) {
			return initdb.getParentFile();
		}
		File[] versions = new File("/usr/lib/postgresql").listFiles();
		if (versions != null) {
			for (File version : versions) {
				File bin = new File(version, "bin");
				if (new File(bin, "initdb").canExecute() && new File(bin, "postgres").canExecute()) {
					return bin;
				}
			}
		}
		return null;
	}

	private static File findExecutable(String name, String olderName) {
		File found = findExecutable(name);
		return (found != null) ? found : findExecutable(olderName);
	}

	private static File findExecutable(String name) {
		List<String> directories = new ArrayList<>(
				List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
		directories.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
		for (String directory : directories) {
			File candidate = new File(directory, name);
			if (candidate.canExecute()) {
				return candidate;
			}
		}
		return null;
	}

	private enum Kind {

		POSTGRES, MARIADB

	}

}
