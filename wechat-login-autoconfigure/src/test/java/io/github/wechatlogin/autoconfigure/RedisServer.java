package io.github.wechatlogin.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} started on a free loopback port, without persistence, for the tests
 * that check where a connection factory's connections go. Where the binary is missing, those tests
 * are skipped with a visible message, except under {@code CI=true}, where a missing server fails
 * the run (as in {@code wechat-login-test}).
 */
final class RedisServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private RedisServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static RedisServer start() throws IOException, InterruptedException {
		String executable = findExecutable();
		if (executable == null) {
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(
						"redis-server is not installed (apt-get install redis-server), and CI=true requires the Redis tests");
			}
			String message = "redis-server is not installed (apt-get install redis-server): skipping a Redis test";
			System.err.println("WARNING: " + message);
			Assumptions.abort(message);
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Path directory = Files.createTempDirectory("redis");
		Process process = new ProcessBuilder(List.of(executable, "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()))
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("redis.log").toFile())
			.start();
		RedisServer server = new RedisServer(process, port);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline && process.isAlive()) {
			try {
				if ("+PONG".equals(server.send("PING").get(0))) {
					return server;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(20);
		}
		server.close();
		throw new IOException("redis-server did not start on port " + port + ", see " + directory);
	}

	int getPort() {
		return this.port;
	}

	/**
	 * Read a key of a database over a connection of its own.
	 * @param database the database index
	 * @param key the key, without spaces
	 * @return the value or {@code null} if the key is not set
	 */
	@Nullable String get(int database, String key) throws IOException {
		List<@Nullable String> answers = send("SELECT " + database, "GET " + key);
		if (!"+OK".equals(answers.get(0))) {
			throw new IOException("SELECT " + database + " answered " + answers.get(0));
		}
		return answers.get(1);
	}

	/**
	 * Send inline commands and return the server's answers: a status or error line as it is, a
	 * bulk string's content, {@code null} for a null bulk string.
	 */
	private List<@Nullable String> send(String... commands) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 1000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write((String.join("\r\n", commands) + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			List<@Nullable String> answers = new ArrayList<>();
			for (int i = 0; i < commands.length; i++) {
				String line = readLine(in);
				if (line.startsWith("$")) {
					int length = Integer.parseInt(line.substring(1));
					if (length < 0) {
						answers.add(null);
						continue;
					}
					byte[] bulk = in.readNBytes(length + 2);
					answers.add(new String(bulk, 0, length, StandardCharsets.UTF_8));
				}
				else {
					answers.add(line);
				}
			}
			return answers;
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("the connection closed after: " + line);
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static @Nullable String findExecutable() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(directory, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

}
