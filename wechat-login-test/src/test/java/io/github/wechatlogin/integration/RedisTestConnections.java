package io.github.wechatlogin.integration;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A real {@code redis-server} on a free port and a Lettuce connection to it (commands wait at
 * most 2 s), for the tests of one store, blocking and reactive.
 */
final class RedisTestConnections implements AutoCloseable {

	private final RedisServer server;

	private final LettuceConnectionFactory connections;

	private RedisTestConnections(RedisServer server) {
		this.server = server;
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", server.getPort()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		this.connections.afterPropertiesSet();
		this.connections.start();
	}

	static RedisTestConnections start() throws Exception {
		return new RedisTestConnections(RedisServer.start());
	}

	RedisServer server() {
		return this.server;
	}

	StringRedisTemplate template() {
		return new StringRedisTemplate(this.connections);
	}

	ReactiveStringRedisTemplate reactiveTemplate() {
		return new ReactiveStringRedisTemplate(this.connections);
	}

	void flushAll() {
		template().execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	@Override
	public void close() throws Exception {
		this.connections.destroy();
		this.server.close();
	}

}
