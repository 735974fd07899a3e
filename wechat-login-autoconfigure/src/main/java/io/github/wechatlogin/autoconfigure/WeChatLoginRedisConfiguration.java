package io.github.wechatlogin.autoconfigure;

import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.client.CachingWeChatAccessTokenProvider;
import io.github.wechatlogin.client.WeChatAccessTokenClient;
import io.github.wechatlogin.client.WeChatAccessTokenProvider;
import io.github.wechatlogin.redis.RedisWeChatAccessTokenClient;
import io.github.wechatlogin.redis.RedisWeChatCodeGuard;
import io.github.wechatlogin.redis.RedisWeChatRefreshTokenStore;
import io.github.wechatlogin.redis.RedisWeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatRefreshTokenStore;
import io.github.wechatlogin.token.WeChatTokenRevocationStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis store ({@code wechat.login.store=redis}): every stateful part in the application's
 * Redis, so that several instances act as one.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "wechat.login", name = "store", havingValue = "redis")
class WeChatLoginRedisConfiguration {

	static final String TEMPLATE_BEAN_NAME = "weChatLoginRedisTemplate";

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

		@Bean(name = TEMPLATE_BEAN_NAME, defaultCandidate = false)
		StringRedisTemplate weChatLoginRedisTemplate(ObjectProvider<RedisConnectionFactory> connectionFactory) {
			RedisConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw noConnectionFactory();
			}
			return new StringRedisTemplate(factory);
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

		@Bean
		@ConditionalOnMissingBean(WeChatAccessTokenProvider.class)
		CachingWeChatAccessTokenProvider weChatAccessTokenProvider(@Qualifier(TEMPLATE_BEAN_NAME) StringRedisTemplate redis,
				WeChatLoginProperties properties, WeChatAccessTokenClient accessTokenClient) {
			WeChatLoginProperties.Client client = properties.getClient();
			RedisWeChatAccessTokenClient shared = new RedisWeChatAccessTokenClient(redis,
					properties.getRedis().getKeyPrefix(), accessTokenClient);
			shared.setRefreshBeforeExpiry(client.getAccessTokenRefreshMargin());
			shared.setLockTimeToLive(client.getConnectTimeout().plus(client.getReadTimeout()).multipliedBy(3));
			shared.setMaxWait(client.getConnectTimeout().plus(client.getReadTimeout()).multipliedBy(2));
			CachingWeChatAccessTokenProvider provider = new CachingWeChatAccessTokenProvider(shared);
			provider.setRefreshBeforeExpiry(client.getAccessTokenRefreshMargin());
			provider.setFailureBackoff(client.getAccessTokenFailureBackoff());
			provider.setMaxWait(client.getConnectTimeout().plus(client.getReadTimeout()).multipliedBy(3));
			return provider;
		}

	}

	static WeChatLoginConfigurationException noConnectionFactory() {
		return new WeChatLoginConfigurationException(
				"wechat.login.store is redis, but the application has no RedisConnectionFactory.",
				"Add the dependency org.springframework.boot:spring-boot-starter-data-redis and set "
						+ "spring.data.redis.host and spring.data.redis.port (and spring.data.redis.timeout, for "
						+ "example 500ms), or set wechat.login.store to memory.");
	}

}
