package io.github.wechatlogin.autoconfigure;

import java.time.Duration;

import io.github.wechatlogin.authentication.ReactiveWeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.client.CachingWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.WeChatApiAccessTokenClient;
import io.github.wechatlogin.client.WeChatApiAccessTokenProvider;
import io.github.wechatlogin.redis.ReactiveRedisWeChatCodeGuard;
import io.github.wechatlogin.redis.ReactiveRedisWeChatTokenRevocationStore;
import io.github.wechatlogin.redis.RedisWeChatApiAccessTokenClient;
import io.github.wechatlogin.redis.RedisWeChatCodeGuard;
import io.github.wechatlogin.redis.RedisWeChatRefreshTokenStore;
import io.github.wechatlogin.redis.RedisWeChatSessionKeyStore;
import io.github.wechatlogin.redis.RedisWeChatTokenRevocationStore;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.token.WeChatRefreshTokenStore;
import io.github.wechatlogin.token.ReactiveWeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatTokenRevocationStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis store ({@code wechat.login.store=redis}): every stateful part in the application's
 * Redis, so that several instances act as one. Each Redis command of the starter waits at most
 * {@code wechat.login.redis.timeout}, whatever {@code spring.data.redis.timeout} is (see
 * {@link WeChatLoginRedisConnections}); after a failure of its own, each Redis part fails at once
 * for a second instead of waiting again.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "wechat.login", name = "store", havingValue = "redis")
class WeChatLoginRedisConfiguration {

	static final String TEMPLATE_BEAN_NAME = "weChatLoginRedisTemplate";

	static final String CONNECTIONS_BEAN_NAME = "weChatLoginRedisConnections";

	static final String TIMEOUT_PROPERTY = "wechat.login.redis.timeout";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
	static class RedisMissingConfiguration {

		RedisMissingConfiguration() {
			throw noConnectionFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	static class RedisStoreConfiguration {

		@Bean(name = CONNECTIONS_BEAN_NAME, defaultCandidate = false)
		WeChatLoginRedisConnections weChatLoginRedisConnections(
				ObjectProvider<RedisConnectionFactory> connectionFactory, WeChatLoginProperties properties) {
			Duration timeout = positive(properties.getRedis().getTimeout(), TIMEOUT_PROPERTY);
			RedisConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw noConnectionFactory();
			}
			return WeChatLoginRedisConnections.of(factory, timeout, TIMEOUT_PROPERTY);
		}

		@Bean(name = TEMPLATE_BEAN_NAME, defaultCandidate = false)
		StringRedisTemplate weChatLoginRedisTemplate(
				@Qualifier(CONNECTIONS_BEAN_NAME) WeChatLoginRedisConnections connections) {
			return new StringRedisTemplate(connections.getConnectionFactory());
		}

		@Bean
		@ConditionalOnMissingBean
		WeChatCodeGuard weChatCodeGuard(@Qualifier(TEMPLATE_BEAN_NAME) StringRedisTemplate redis,
				WeChatLoginProperties properties) {
			return new RedisWeChatCodeGuard(redis, properties.getRedis().getKeyPrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		WeChatRefreshTokenStore weChatRefreshTokenStore(@Qualifier(TEMPLATE_BEAN_NAME) StringRedisTemplate redis,
				WeChatLoginProperties properties) {
			return new RedisWeChatRefreshTokenStore(redis, properties.getRedis().getKeyPrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		WeChatTokenRevocationStore weChatTokenRevocationStore(
				@Qualifier(TEMPLATE_BEAN_NAME) StringRedisTemplate redis, WeChatLoginProperties properties) {
			return new RedisWeChatTokenRevocationStore(redis, properties.getRedis().getKeyPrefix());
		}

		/**
		 * The session_keys of mini program logins, encrypted under
		 * {@code wechat.login.session-key.encryption-key}: without it the start-up fails.
		 */
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "wechat.login.session-key", name = "enabled", havingValue = "true",
				matchIfMissing = true)
		WeChatSessionKeyStore weChatSessionKeyStore(@Qualifier(TEMPLATE_BEAN_NAME) StringRedisTemplate redis,
				WeChatLoginProperties properties) {
			RedisWeChatSessionKeyStore store = new RedisWeChatSessionKeyStore(redis,
					properties.getRedis().getKeyPrefix(), WeChatLoginSessionKeyConfiguration.cipher(properties));
			store.setTimeToLive(WeChatLoginSessionKeyConfiguration.timeToLive(properties));
			return store;
		}

		@Bean
		@ConditionalOnMissingBean(WeChatApiAccessTokenProvider.class)
		CachingWeChatApiAccessTokenProvider weChatApiAccessTokenProvider(@Qualifier(TEMPLATE_BEAN_NAME) StringRedisTemplate redis,
				WeChatLoginProperties properties, WeChatApiAccessTokenClient accessTokenClient) {
			WeChatLoginProperties.Client client = properties.getClient();
			RedisWeChatApiAccessTokenClient shared = new RedisWeChatApiAccessTokenClient(redis,
					properties.getRedis().getKeyPrefix(), accessTokenClient);
			shared.setRefreshBeforeExpiry(client.getAccessTokenRefreshMargin());
			shared.setLockTimeToLive(client.getConnectTimeout().plus(client.getReadTimeout()).multipliedBy(3));
			shared.setMaxWait(client.getConnectTimeout().plus(client.getReadTimeout()).multipliedBy(2));
			CachingWeChatApiAccessTokenProvider provider = new CachingWeChatApiAccessTokenProvider(shared);
			provider.setRefreshBeforeExpiry(client.getAccessTokenRefreshMargin());
			provider.setFailureBackoff(client.getAccessTokenFailureBackoff());
			provider.setMaxWait(client.getConnectTimeout().plus(client.getReadTimeout()).multipliedBy(3));
			return provider;
		}

	}

	/**
	 * On WebFlux, the code guard on the reactive Redis API when the starter's Redis guard is the
	 * guard and the connection factory is reactive (Lettuce's is): the same keys, without a thread
	 * hop per login. Another guard (the application's, or on a factory that is not reactive) is
	 * adapted on {@code Schedulers.boundedElastic()}; an application's own
	 * {@link ReactiveWeChatCodeGuard} bean replaces either.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, ReactiveStringRedisTemplate.class, Mono.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveRedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactiveWeChatCodeGuard reactiveWeChatCodeGuard(WeChatCodeGuard codeGuard,
				@Qualifier(CONNECTIONS_BEAN_NAME) WeChatLoginRedisConnections connections,
				WeChatLoginProperties properties) {
			if (codeGuard instanceof RedisWeChatCodeGuard
					&& connections.getConnectionFactory() instanceof ReactiveRedisConnectionFactory reactive) {
				return new ReactiveRedisWeChatCodeGuard(new ReactiveStringRedisTemplate(reactive),
						properties.getRedis().getKeyPrefix());
			}
			return ReactiveWeChatCodeGuard.of(codeGuard);
		}

		/**
		 * The revocation check of every bearer request, reading the revocation store: the
		 * starter's Redis one on the reactive Redis API when the connection factory is reactive,
		 * any other (the application's) called on {@code Schedulers.boundedElastic()}.
		 */
		@Bean
		@ConditionalOnMissingBean
		ReactiveWeChatTokenRevocationStore reactiveWeChatTokenRevocationStore(WeChatTokenRevocationStore revocations,
				@Qualifier(CONNECTIONS_BEAN_NAME) WeChatLoginRedisConnections connections,
				WeChatLoginProperties properties) {
			if (revocations instanceof RedisWeChatTokenRevocationStore
					&& connections.getConnectionFactory() instanceof ReactiveRedisConnectionFactory reactive) {
				return new ReactiveRedisWeChatTokenRevocationStore(new ReactiveStringRedisTemplate(reactive),
						properties.getRedis().getKeyPrefix());
			}
			return (id) -> Mono.fromCallable(() -> revocations.isRevoked(id)).subscribeOn(Schedulers.boundedElastic());
		}

	}

	static WeChatLoginConfigurationException noConnectionFactory() {
		return new WeChatLoginConfigurationException(
				"wechat.login.store is redis, but the application has no RedisConnectionFactory.",
				"Add the dependency org.springframework.boot:spring-boot-starter-data-redis and set "
						+ "spring.data.redis.host and spring.data.redis.port, or set wechat.login.store to memory.");
	}

	private static Duration positive(Duration timeout, String property) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new WeChatLoginConfigurationException(property + " is " + timeout + ".",
					"Set " + property + " to a positive duration, such as 500ms.");
		}
		return timeout;
	}

}
