package io.github.wechatlogin.autoconfigure;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Optional;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.resource.ClientResources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.connection.lettuce.RedisCredentialsProviderFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Derives, from the application's {@link LettuceConnectionFactory}, one whose commands wait at most
 * a given time. The derived factory has the same connection configuration (the very
 * {@link RedisConfiguration}: standalone, socket, static master/replica, Sentinel or Cluster, with
 * its database, user and password) and a client configuration that answers everything (SSL and
 * peer verification, client resources, client options, client name, read-from, credentials
 * provider, shutdown timeout and quiet period, pool) from the application's, except the command
 * timeout. The connection timeout is part of the client options, so it stays the application's
 * ({@code spring.data.redis.connect-timeout}, 10 seconds by default). It also copies the factory's
 * settings that have getters (shared native connection, validation, eager initialization, pipeline
 * result conversion, lifecycle phase and start-up); the executor of cluster-wide operations and the
 * pipelining flush policy have none, and the starter uses neither.
 * <p>
 * {@code LettuceConnectionFactory} has getters for its standalone, socket, Sentinel and Cluster
 * configurations, but none for a static master/replica one, and its
 * {@code getStandaloneConfiguration()} answers a {@code localhost:6379} default for that one, so
 * deriving from the getters could point the starter at another Redis than the application's.
 * The configuration is therefore read from the factory's field; should a later Spring Data Redis
 * rename it, the application's factory is used as it is, with a warning, rather than a guess.
 *
 * @author wechat-login developers
 */
final class LettuceCommandTimeouts {

	private static final Log logger = LogFactory.getLog(LettuceCommandTimeouts.class);

	private static final @Nullable Field CONFIGURATION = configurationField();

	private LettuceCommandTimeouts() {
	}

	/**
	 * Derive a factory from the given one whose commands wait at most {@code timeout}, if needed.
	 * @param factory the application's factory
	 * @param timeout the longest wait for a command
	 * @param property the property that sets {@code timeout}, for the warning
	 * @return a new factory, not yet initialized, or {@code null} when the given one is to be used
	 * as it is: not a Lettuce factory, already bounding its commands within {@code timeout}, or
	 * one that cannot be copied faithfully (a subclass, or an unreadable configuration; a warning
	 * says so)
	 */
	static @Nullable LettuceConnectionFactory derive(RedisConnectionFactory factory, Duration timeout,
			String property) {
		if (!(factory instanceof LettuceConnectionFactory lettuce)) {
			return null;
		}
		LettuceClientConfiguration clientConfiguration = lettuce.getClientConfiguration();
		Duration applicationTimeout = clientConfiguration.getCommandTimeout();
		if (isBounded(applicationTimeout) && applicationTimeout.compareTo(timeout) <= 0) {
			return null;
		}
		if (lettuce.getClass() != LettuceConnectionFactory.class) {
			warnUsedAsItIs(lettuce.getClass().getName() + ", a subclass, cannot be copied", applicationTimeout,
					timeout, property);
			return null;
		}
		RedisConfiguration configuration = configurationOf(lettuce);
		if (configuration == null) {
			warnUsedAsItIs("its connection configuration cannot be read", applicationTimeout, timeout, property);
			return null;
		}
		LettuceClientConfiguration bounded = (clientConfiguration instanceof LettucePoolingClientConfiguration pooling)
				? new BoundedPoolingClientConfiguration(pooling, timeout)
				: new BoundedClientConfiguration(clientConfiguration, timeout);
		LettuceConnectionFactory derived = (configuration instanceof RedisStandaloneConfiguration standalone)
				? new LettuceConnectionFactory(standalone, bounded) : new LettuceConnectionFactory(configuration, bounded);
		derived.setShareNativeConnection(lettuce.getShareNativeConnection());
		derived.setValidateConnection(lettuce.getValidateConnection());
		derived.setEagerInitialization(lettuce.getEagerInitialization());
		derived.setConvertPipelineAndTxResults(lettuce.getConvertPipelineAndTxResults());
		derived.setPhase(lettuce.getPhase());
		derived.setAutoStartup(lettuce.isAutoStartup());
		derived.setEarlyStartup(lettuce.isEarlyStartup());
		return derived;
	}

	/**
	 * Return whether a Lettuce command timeout bounds the wait: Lettuce waits without limit for a
	 * zero or negative one.
	 */
	private static boolean isBounded(Duration commandTimeout) {
		return !commandTimeout.isNegative() && !commandTimeout.isZero();
	}

	private static @Nullable RedisConfiguration configurationOf(LettuceConnectionFactory factory) {
		if (CONFIGURATION == null) {
			return null;
		}
		try {
			return (RedisConfiguration) ReflectionUtils.getField(CONFIGURATION, factory);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable Field configurationField() {
		try {
			Field field = ReflectionUtils.findField(LettuceConnectionFactory.class, "configuration",
					RedisConfiguration.class);
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
			}
			return field;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static void warnUsedAsItIs(String reason, Duration applicationTimeout, Duration timeout,
			String property) {
		logger.warn("The application's LettuceConnectionFactory is used as it is (" + reason
				+ "): the starter's Redis commands wait up to its command timeout of "
				+ (isBounded(applicationTimeout) ? applicationTimeout.toMillis() + " ms" : "no limit") + " instead of "
				+ property + " (" + timeout.toMillis() + " ms). Set its command timeout (spring.data.redis.timeout) to at most "
				+ timeout.toMillis() + "ms.");
	}

	/**
	 * The application's client configuration with a command timeout of its own.
	 */
	static class BoundedClientConfiguration implements LettuceClientConfiguration {

		private final LettuceClientConfiguration delegate;

		private final Duration commandTimeout;

		BoundedClientConfiguration(LettuceClientConfiguration delegate, Duration commandTimeout) {
			this.delegate = delegate;
			this.commandTimeout = commandTimeout;
		}

		@Override
		public Duration getCommandTimeout() {
			return this.commandTimeout;
		}

		@Override
		public boolean isUseSsl() {
			return this.delegate.isUseSsl();
		}

		@Override
		@Deprecated
		public boolean isVerifyPeer() {
			return this.delegate.isVerifyPeer();
		}

		@Override
		public SslVerifyMode getVerifyMode() {
			return this.delegate.getVerifyMode();
		}

		@Override
		public boolean isStartTls() {
			return this.delegate.isStartTls();
		}

		@Override
		public Optional<ClientResources> getClientResources() {
			return this.delegate.getClientResources();
		}

		@Override
		public Optional<ClientOptions> getClientOptions() {
			return this.delegate.getClientOptions();
		}

		@Override
		public Optional<String> getClientName() {
			return this.delegate.getClientName();
		}

		@Override
		public Optional<ReadFrom> getReadFrom() {
			return this.delegate.getReadFrom();
		}

		@Override
		public Optional<RedisCredentialsProviderFactory> getRedisCredentialsProviderFactory() {
			return this.delegate.getRedisCredentialsProviderFactory();
		}

		@Override
		public Duration getShutdownTimeout() {
			return this.delegate.getShutdownTimeout();
		}

		@Override
		public Duration getShutdownQuietPeriod() {
			return this.delegate.getShutdownQuietPeriod();
		}

	}

	/**
	 * A pooling client configuration with a command timeout of its own: the derived factory has a
	 * pool of its own, configured as the application's.
	 */
	static final class BoundedPoolingClientConfiguration extends BoundedClientConfiguration
			implements LettucePoolingClientConfiguration {

		private final LettucePoolingClientConfiguration delegate;

		BoundedPoolingClientConfiguration(LettucePoolingClientConfiguration delegate, Duration commandTimeout) {
			super(delegate, commandTimeout);
			this.delegate = delegate;
		}

		@Override
		public GenericObjectPoolConfig<StatefulConnection<?, ?>> getPoolConfig() {
			return this.delegate.getPoolConfig();
		}

	}

}
