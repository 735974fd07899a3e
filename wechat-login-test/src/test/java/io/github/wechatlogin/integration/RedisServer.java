package io.github.wechatlogin.integration;

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
 * A real {@code redis-server} started on a free loopback port for the tests, without
 * persistence. Where the binary is missing, the tests that need it are skipped with a visible
 * message, except under {@code CI=true}, where a missing server fails the run.
 */
public final class RedisServer implements AutoCloseable {

	private final String executable;

	private final int port;

	private final Path directory;

	private Process process;

	private boolean paused;

	private RedisServer(String executable, int port, Path directory) {
		this.executable = executable;
		this.port = port;
		this.directory = directory;
	}

	public static RedisServer start() throws IOException {
		String executable = findExecutable();
		if (executable == null) {
			String message = "redis-server is not installed (apt-get install redis-server): skipping the Redis tests";
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(
						"redis-server is not installed (apt-get install redis-server), and CI=true requires the Redis tests");
			}
			System.err.println("WARNING: " + message);
			Assumptions.abort(message);
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		RedisServer server = new RedisServer(executable, port, Files.createTempDirectory("redis"));
		server.startProcess();
		return server;
	}

	public int getPort() {
		return this.port;
	}

	void stop() throws InterruptedException {
		if (this.process != null) {
			if (this.paused) {
				// a frozen process acts on SIGKILL only
				this.process.destroyForcibly();
				this.paused = false;
			}
			else {
				this.process.destroy();
			}
			this.process.waitFor();
			this.process = null;
		}
	}

	void restart() throws IOException {
		startProcess();
	}

	/**
	 * Freeze the server ({@code SIGSTOP}): its port still accepts connections, and open
	 * connections stay open, but nothing is answered until {@link #resume()}.
	 */
	void pause() throws IOException, InterruptedException {
		signal("STOP");
		this.paused = true;
	}

	/**
	 * Let a {@link #pause() frozen} server go on ({@code SIGCONT}).
	 */
	void resume() throws IOException, InterruptedException {
		signal("CONT");
		this.paused = false;
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IOException("kill -" + signal + " failed for redis-server " + this.process.pid());
		}
	}

	@Override
	public void close() throws Exception {
		stop();
	}

	private void startProcess() throws IOException {
		this.process = new ProcessBuilder(List.of(this.executable, "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString()))
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("redis.log").toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (ping()) {
				return;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}
		throw new IOException("redis-server did not start on port " + this.port);
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
