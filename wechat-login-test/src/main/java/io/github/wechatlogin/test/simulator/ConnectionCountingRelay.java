package io.github.wechatlogin.test.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the simulator's HTTP server that counts the connections clients hold
 * open: {@code com.sun.net.httpserver} tells nothing about its connections. Every byte is passed
 * on as it comes, in both directions, and an end of stream is passed on as one
 * ({@link Socket#shutdownOutput()}), so the HTTP server and the client see each other as they would
 * directly. A connection counts as open from its acceptance until both directions have ended (the
 * client closed its side, or either side failed), so a client that leaves a connection open after
 * the server closed its side still counts.
 *
 * @author wechat-login
 */
final class ConnectionCountingRelay implements AutoCloseable {

	private static final int BUFFER_SIZE = 16 * 1024;

	private final ServerSocket serverSocket;

	private final InetSocketAddress target;

	private final ExecutorService executor;

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	private ConnectionCountingRelay(ServerSocket serverSocket, InetSocketAddress target, ExecutorService executor) {
		this.serverSocket = serverSocket;
		this.target = target;
		this.executor = executor;
	}

	/**
	 * Listen and relay connections to the target.
	 * @param address the address to listen on
	 * @param port the port to listen on, {@code 0} for a free one
	 * @param backlog the listen backlog
	 * @param target where to relay connections to
	 * @param executor runs the accepting loop and two tasks per connection; it must not queue
	 * tasks (a cached thread pool)
	 * @return the started relay
	 * @throws IOException if the port cannot be bound
	 */
	static ConnectionCountingRelay start(InetAddress address, int port, int backlog, InetSocketAddress target,
			ExecutorService executor) throws IOException {
		ServerSocket serverSocket = new ServerSocket(port, backlog, address);
		ConnectionCountingRelay relay = new ConnectionCountingRelay(serverSocket, target, executor);
		executor.execute(relay::accept);
		return relay;
	}

	int getPort() {
		return this.serverSocket.getLocalPort();
	}

	int openConnections() {
		return this.open.size();
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.serverSocket.accept();
			}
			catch (IOException ex) {
				if (this.serverSocket.isClosed()) {
					return;
				}
				// the connection went away before it was accepted
				continue;
			}
			Connection connection = new Connection(client);
			this.open.add(connection);
			if (this.closed) {
				connection.close();
				return;
			}
			try {
				connection.connect();
				this.executor.execute(() -> connection.relay(true));
				this.executor.execute(() -> connection.relay(false));
			}
			catch (IOException | RejectedExecutionException ex) {
				connection.close();
			}
		}
	}

	/**
	 * Stop listening and close every connection.
	 */
	@Override
	public void close() {
		this.closed = true;
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		for (Connection connection : this.open) {
			connection.close();
		}
	}

	private final class Connection {

		private final Socket client;

		private final Socket server = new Socket();

		private final AtomicInteger ended = new AtomicInteger();

		Connection(Socket client) {
			this.client = client;
		}

		void connect() throws IOException {
			// without TCP_NODELAY, small writes would meet the delayed ACK of the other side
			this.client.setTcpNoDelay(true);
			this.server.setTcpNoDelay(true);
			this.server.connect(ConnectionCountingRelay.this.target);
		}

		/**
		 * Pass bytes on until an end of stream, then pass it on; on a failure, close both sides.
		 * @param toServer the direction: client to server, or server to client
		 */
		void relay(boolean toServer) {
			Socket from = toServer ? this.client : this.server;
			Socket to = toServer ? this.server : this.client;
			byte[] buffer = new byte[BUFFER_SIZE];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
				to.shutdownOutput();
			}
			catch (IOException ex) {
				close();
				return;
			}
			if (this.ended.incrementAndGet() == 2) {
				close();
			}
		}

		void close() {
			closeQuietly(this.client);
			closeQuietly(this.server);
			ConnectionCountingRelay.this.open.remove(this);
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// nothing more to release
			}
		}

	}

}
