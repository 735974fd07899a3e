package io.github.wechatlogin.knobs;

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
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} on a free loopback port, without persistence, as in the
 * integration tests. Where the binary is missing the Redis knob tests are skipped with a visible
 * message, except under {@code CI=true}, where a missing server fails the run.
 */
final class KnobRedisServer implements AutoCloseable {

	private final int port;

	private final Process process;

	private KnobRedisServer(int port, Process process) {
		this.port = port;
		this.process = process;
	}

	static KnobRedisServer start() throws IOException {
		String executable = findExecutable();
		if (executable == null) {
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(
						"redis-server is not installed (apt-get install redis-server), and CI=true requires the Redis tests");
			}
			String message = "redis-server is not installed (apt-get install redis-server): skipping the Redis knob tests";
			System.err.println("WARNING: " + message);
			Assumptions.abort(message);
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Path directory = Files.createTempDirectory("redis-knobs");
		Process process = new ProcessBuilder(List.of(executable, "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()))
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("redis.log").toFile())
			.start();
		KnobRedisServer server = new KnobRedisServer(port, process);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (server.ping()) {
				return server;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		server.close();
		throw new IOException("redis-server did not start on port " + port);
	}

	int getPort() {
		return this.port;
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

	private boolean ping() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.readNBytes(answer, 0, 7);
			return read == 7 && new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String findExecutable() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(directory, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

}
