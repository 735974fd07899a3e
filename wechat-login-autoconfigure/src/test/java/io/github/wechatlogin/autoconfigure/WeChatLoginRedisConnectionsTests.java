package io.github.wechatlogin.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WeChatLoginRedisConnections}: which connection factory the starter's Redis
 * template uses, so that its commands wait at most {@code wechat.login.redis.timeout}. A Lettuce
 * factory connects on first use only, so no Redis is needed, except where the derived factory's
 * connections are checked against a real {@code redis-server}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeChatLoginRedisConnectionsTests {

	private static ClientResources clientResources;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, WeChatLoginAutoConfiguration.class,
				WeChatLoginSecurityAutoConfiguration.class))
		.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s",
				"wechat.login.token.secret=0123456789abcdef0123456789abcdef", "wechat.login.store=redis",
				"wechat.login.session-key.encryption-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

	@BeforeAll
	static void createClientResources() {
		clientResources = DefaultClientResources.create();
	}

	@AfterAll
	static void shutdownClientResources() {
		clientResources.shutdown();
	}

	@Test
	void templateWhenApplicationTimeoutShorterThenApplicationFactoryUsed() {
		LettuceConnectionFactory application = lettuce(new RedisStandaloneConfiguration("redis.test", 6380),
				LettuceClientConfiguration.builder()
					.clientResources(clientResources)
					.commandTimeout(Duration.ofMillis(100))
					.build());
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(connections(context).isDerived()).isFalse();
			assertThat(templateFactory(context)).isSameAs(application);
			assertThat(connections(context).isRunning()).isFalse();
		});
	}

	@Test
	void templateWhenApplicationTimeoutEqualToOursThenApplicationFactoryUsed() {
		LettuceConnectionFactory application = lettuce(new RedisStandaloneConfiguration("redis.test", 6380),
				LettuceClientConfiguration.builder()
					.clientResources(clientResources)
					.commandTimeout(Duration.ofMillis(500))
					.build());
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application)
			.run((context) -> assertThat(templateFactory(context)).isSameAs(application));
	}

	@Test
	void templateWhenNoApplicationTimeoutThenDerivedFactoryWithOurTimeoutAndNotABean() {
		RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration("redis.test", 6380);
		standalone.setDatabase(3);
		standalone.setUsername("app");
		standalone.setPassword(RedisPassword.of("not-logged"));
		ClientOptions clientOptions = ClientOptions.builder()
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(700)).build())
			.timeoutOptions(TimeoutOptions.enabled())
			.build();
		LettuceClientConfiguration clientConfiguration = LettuceClientConfiguration.builder()
			.useSsl()
			.startTls()
			.and()
			.clientResources(clientResources)
			.clientOptions(clientOptions)
			.clientName("the-app")
			.readFrom(ReadFrom.REPLICA_PREFERRED)
			.shutdownTimeout(Duration.ofMillis(250))
			.shutdownQuietPeriod(Duration.ofMillis(10))
			.build();
		assertThat(clientConfiguration.getCommandTimeout()).isEqualTo(Duration.ofSeconds(60));
		LettuceConnectionFactory application = lettuce(standalone, clientConfiguration);
		application.setShareNativeConnection(false);
		application.setValidateConnection(true);
		AtomicReference<LettuceConnectionFactory> derivedFactory = new AtomicReference<>();
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(connections(context).isDerived()).isTrue();
			assertThat(templateFactory(context)).isNotSameAs(application).isInstanceOf(LettuceConnectionFactory.class);
			LettuceConnectionFactory derived = (LettuceConnectionFactory) templateFactory(context);
			derivedFactory.set(derived);
			// the application and Spring Boot's Redis health indicator see one factory: the application's
			assertThat(context.getBeansOfType(RedisConnectionFactory.class).values()).containsExactly(application);
			assertThat(context.getBean(RedisConnectionFactory.class)).isSameAs(application);
			LettuceClientConfiguration derivedClient = derived.getClientConfiguration();
			assertThat(derivedClient.getCommandTimeout()).isEqualTo(Duration.ofMillis(500));
			assertThat(derived.getTimeout()).isEqualTo(500);
			assertThat(application.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(derived.getStandaloneConfiguration()).isSameAs(standalone);
			assertThat(derived.getHostName()).isEqualTo("redis.test");
			assertThat(derived.getPort()).isEqualTo(6380);
			assertThat(derived.getDatabase()).isEqualTo(3);
			assertThat(derived.getPassword()).isEqualTo("not-logged");
			assertThat(derivedClient.isUseSsl()).isTrue();
			assertThat(derivedClient.isStartTls()).isTrue();
			assertThat(derivedClient.getVerifyMode()).isEqualTo(clientConfiguration.getVerifyMode());
			assertThat(derivedClient.getClientResources()).containsSame(clientResources);
			assertThat(derivedClient.getClientOptions()).containsSame(clientOptions);
			assertThat(derivedClient.getClientName()).contains("the-app");
			assertThat(derivedClient.getReadFrom()).containsSame(ReadFrom.REPLICA_PREFERRED);
			assertThat(derivedClient.getRedisCredentialsProviderFactory())
				.isEqualTo(clientConfiguration.getRedisCredentialsProviderFactory());
			assertThat(derivedClient.getShutdownTimeout()).isEqualTo(Duration.ofMillis(250));
			assertThat(derivedClient.getShutdownQuietPeriod()).isEqualTo(Duration.ofMillis(10));
			assertThat(derived.getShareNativeConnection()).isFalse();
			assertThat(derived.getValidateConnection()).isTrue();
			assertThat(derived.getPhase()).isEqualTo(application.getPhase());
			assertThat(derived.isRunning()).isTrue();
			assertThat(connections(context).isRunning()).isTrue();
		});
		assertThat(derivedFactory.get()).as("the derived factory").isNotNull();
		assertThatIllegalStateException().as("the derived factory after the context closed")
			.isThrownBy(derivedFactory.get()::getConnection)
			.withMessageContaining("destroyed");
	}

	@Test
	void templateWhenSentinelClusterSocketOrMasterReplicaThenDerivedFactoryHasTheSameConfiguration() {
		RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration("mymaster", Set.of("s1:26379"));
		sentinel.setDatabase(2);
		RedisClusterConfiguration cluster = new RedisClusterConfiguration(List.of("c1:7000", "c2:7001"));
		RedisSocketConfiguration socket = new RedisSocketConfiguration("/run/redis/redis-test.sock");
		socket.setDatabase(3);
		RedisStaticMasterReplicaConfiguration masterReplica = new RedisStaticMasterReplicaConfiguration("m1", 6379);
		masterReplica.addNode("r1", 6379);
		masterReplica.setDatabase(4);
		masterReplica.setPassword(RedisPassword.of("replica-secret"));
		for (RedisConfiguration configuration : List.of(sentinel, cluster, socket, masterReplica)) {
			LettuceConnectionFactory application = new LettuceConnectionFactory(configuration,
					LettuceClientConfiguration.builder().clientResources(clientResources).build());
			this.contextRunner.withBean(RedisConnectionFactory.class, () -> application).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(templateFactory(context)).isNotSameAs(application).isInstanceOf(LettuceConnectionFactory.class);
				LettuceConnectionFactory derived = (LettuceConnectionFactory) templateFactory(context);
				assertThat(derived.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofMillis(500));
				assertThat(derived.getSentinelConfiguration()).as("%s", configuration)
					.isSameAs((configuration == sentinel) ? sentinel : null);
				assertThat(derived.getClusterConfiguration()).as("%s", configuration)
					.isSameAs((configuration == cluster) ? cluster : null);
				assertThat(derived.getSocketConfiguration()).as("%s", configuration)
					.isSameAs((configuration == socket) ? socket : null);
				assertThat(derived.isClusterAware()).isEqualTo(configuration == cluster);
				assertThat(derived.isRedisSentinelAware()).isEqualTo(configuration == sentinel);
				assertThat(derived.getDatabase()).as("%s", configuration).isEqualTo(application.getDatabase());
				assertThat(derived.getPassword()).as("%s", configuration).isEqualTo(application.getPassword());
			});
		}
		// no getter answers the nodes of a static master/replica configuration: a real server does, below
	}

	@Test
	void templateWhenStaticMasterReplicaThenDerivedFactoryUsesTheApplicationsServerAndDatabase() throws Exception {
		try (RedisServer redis = RedisServer.start()) {
			RedisStaticMasterReplicaConfiguration masterReplica = new RedisStaticMasterReplicaConfiguration(
					"127.0.0.1", redis.getPort());
			masterReplica.setDatabase(5);
			LettuceConnectionFactory application = new LettuceConnectionFactory(masterReplica,
					LettuceClientConfiguration.builder().clientResources(clientResources).build());
			// Lettuce asks the nodes for their roles within the command timeout, the first time along
			// with loading its classes: 10 s (derived all the same from Lettuce's 60 s) for a loaded machine
			this.contextRunner.withBean(RedisConnectionFactory.class, () -> application)
				.withPropertyValues("wechat.login.redis.timeout=10s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(connections(context).isDerived()).isTrue();
					StringRedisTemplate template = context.getBean(WeChatLoginRedisConfiguration.TEMPLATE_BEAN_NAME,
							StringRedisTemplate.class);
					template.opsForValue().set("derived-factory-test", "written by the starter's template");
					assertThat(redis.get(5, "derived-factory-test")).isEqualTo("written by the starter's template");
					assertThat(redis.get(0, "derived-factory-test")).isNull();
				});
		}
	}

	@Test
	void templateWhenPoolingClientConfigurationThenDerivedFactoryPoolsAlike() {
		GenericObjectPoolConfig<StatefulConnection<?, ?>> pool = new GenericObjectPoolConfig<>();
		pool.setMaxTotal(3);
		LettuceConnectionFactory application = lettuce(new RedisStandaloneConfiguration("redis.test", 6380),
				LettucePoolingClientConfiguration.builder().clientResources(clientResources).poolConfig(pool).build());
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application).run((context) -> {
			LettuceClientConfiguration derived = ((LettuceConnectionFactory) templateFactory(context))
				.getClientConfiguration();
			assertThat(derived).isInstanceOf(LettucePoolingClientConfiguration.class);
			assertThat(((LettucePoolingClientConfiguration) derived).getPoolConfig()).isSameAs(pool);
			assertThat(derived.getCommandTimeout()).isEqualTo(Duration.ofMillis(500));
		});
	}

	@Test
	void templateWhenTimeoutSetThenDerivedFactoryHasIt() {
		LettuceConnectionFactory application = lettuce(new RedisStandaloneConfiguration("redis.test", 6380),
				LettuceClientConfiguration.builder()
					.clientResources(clientResources)
					.commandTimeout(Duration.ofSeconds(2))
					.build());
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application)
			.withPropertyValues("wechat.login.redis.timeout=1500ms")
			.run((context) -> assertThat(
					((LettuceConnectionFactory) templateFactory(context)).getClientConfiguration().getCommandTimeout())
				.isEqualTo(Duration.ofMillis(1500)));
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application)
			.withPropertyValues("wechat.login.redis.timeout=3s")
			.run((context) -> assertThat(templateFactory(context)).isSameAs(application));
	}

	@Test
	void templateWhenApplicationTimeoutZeroThenDerivedFactory() {
		// Lettuce waits without limit for a zero command timeout
		LettuceConnectionFactory application = lettuce(new RedisStandaloneConfiguration("redis.test", 6380),
				LettuceClientConfiguration.builder().clientResources(clientResources).commandTimeout(Duration.ZERO).build());
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application)
			.run((context) -> assertThat(connections(context).isDerived()).isTrue());
	}

	@Test
	void templateWhenNotLettuceThenApplicationFactoryUsedAsItIs() {
		RedisConnectionFactory application = mock(RedisConnectionFactory.class);
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(connections(context).isDerived()).isFalse();
			assertThat(templateFactory(context)).isSameAs(application);
		});
	}

	@Test
	void templateWhenLettuceSubclassThenUsedAsItIsWithAWarning(CapturedOutput output) {
		LettuceConnectionFactory application = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("redis.test", 6380),
				LettuceClientConfiguration.builder().clientResources(clientResources).build()) {
		};
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> application).run((context) -> {
			assertThat(templateFactory(context)).isSameAs(application);
			assertThat(output).contains("is used as it is")
				.contains("command timeout of 60000 ms instead of wechat.login.redis.timeout (500 ms)")
				.contains("Set its command timeout (spring.data.redis.timeout) to at most 500ms");
		});
	}

	@Test
	void timeoutWhenNotPositiveThenFailsNamingTheProperty() {
		RedisConnectionFactory application = mock(RedisConnectionFactory.class);
		for (String timeout : List.of("0s", "-1s")) {
			this.contextRunner.withBean(RedisConnectionFactory.class, () -> application)
				.withPropertyValues("wechat.login.redis.timeout=" + timeout)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(WeChatLoginConfigurationException.class)
					.hasMessageContaining("wechat.login.redis.timeout is ")
					.hasMessageContaining("Set wechat.login.redis.timeout to a positive duration"));
		}
	}

	private static LettuceConnectionFactory lettuce(RedisStandaloneConfiguration configuration,
			LettuceClientConfiguration clientConfiguration) {
		return new LettuceConnectionFactory(configuration, clientConfiguration);
	}

	private static WeChatLoginRedisConnections connections(AssertableWebApplicationContext context) {
		return context.getBean(WeChatLoginRedisConfiguration.CONNECTIONS_BEAN_NAME, WeChatLoginRedisConnections.class);
	}

	private static RedisConnectionFactory templateFactory(AssertableWebApplicationContext context) {
		return context.getBean(WeChatLoginRedisConfiguration.TEMPLATE_BEAN_NAME, StringRedisTemplate.class)
			.getConnectionFactory();
	}

}
