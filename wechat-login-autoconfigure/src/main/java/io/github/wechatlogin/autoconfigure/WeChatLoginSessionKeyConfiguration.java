package io.github.wechatlogin.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.wechatlogin.client.RestClientSessionCheckClient;
import io.github.wechatlogin.client.WeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.WeChatSessionCheckClient;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.redis.WeChatSessionKeyCipher;
import io.github.wechatlogin.session.DefaultWeChatSessionKeys;
import io.github.wechatlogin.session.InMemoryWeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeys;
import io.github.wechatlogin.web.WeChatSessionKeyExceptionHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * The {@code session_key} of classic mini program logins ({@code wechat.login.session-key.*}): the
 * in-memory store (the Redis one is in {@link WeChatLoginRedisConfiguration}), the client of
 * {@code wxa/checksession}, {@link WeChatSessionKeys}, and the handler that answers a
 * {@link io.github.wechatlogin.session.WeChatSessionKeyException} of a Spring MVC controller.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "wechat.login.session-key", name = "enabled", havingValue = "true",
		matchIfMissing = true)
class WeChatLoginSessionKeyConfiguration {

	static final String ENCRYPTION_KEY_PROPERTY = "wechat.login.session-key.encryption-key";

	static final String TIME_TO_LIVE_PROPERTY = "wechat.login.session-key.time-to-live";

	@Bean
	@ConditionalOnMissingBean
	WeChatSessionKeyStore weChatSessionKeyStore(WeChatLoginProperties properties) {
		WeChatLoginProperties.SessionKey sessionKey = properties.getSessionKey();
		if (StringUtils.hasText(sessionKey.getEncryptionKey())) {
			// not used in memory, but a wrong one would fail once the store is Redis
			cipher(properties);
		}
		return new InMemoryWeChatSessionKeyStore(InMemoryWeChatSessionKeyStore.DEFAULT_MAX_ENTRIES,
				timeToLive(properties), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatSessionCheckClient weChatSessionCheckClient(WeChatLoginProperties properties,
			@Qualifier(WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME) RestClient restClient,
			ObjectProvider<WeChatApiAccessTokenProvider> accessTokenProvider,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return WeChatLoginClientConfiguration.configured(
				new RestClientSessionCheckClient(restClient, accessTokenProvider.getObject()), properties,
				observationRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatSessionKeys weChatSessionKeys(WeChatRegistrationRepository registrations, WeChatSessionKeyStore store,
			WeChatSessionCheckClient sessionCheckClient) {
		return new DefaultWeChatSessionKeys(registrations, store, sessionCheckClient);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	@ConditionalOnProperty(prefix = "wechat.login.session-key", name = "exception-handler", havingValue = "true",
			matchIfMissing = true)
	static class ExceptionHandlerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WeChatSessionKeyExceptionHandler weChatSessionKeyExceptionHandler() {
			return new WeChatSessionKeyExceptionHandler();
		}

	}

	static Duration timeToLive(WeChatLoginProperties properties) {
		Duration timeToLive = properties.getSessionKey().getTimeToLive();
		if (timeToLive == null || timeToLive.toMillis() <= 0) {
			throw new WeChatLoginConfigurationException(TIME_TO_LIVE_PROPERTY + " is " + timeToLive + ".",
					"Set " + TIME_TO_LIVE_PROPERTY + " to a positive duration, such as 3d.");
		}
		return timeToLive;
	}

	/**
	 * The cipher of {@code wechat.login.session-key.encryption-key}, refusing a missing or wrong
	 * key with a message that says how to make one (and never shows it).
	 */
	static WeChatSessionKeyCipher cipher(WeChatLoginProperties properties) {
		@Nullable String key = properties.getSessionKey().getEncryptionKey();
		String action = "Set " + ENCRYPTION_KEY_PROPERTY + " to base64 of 32 random bytes, made with "
				+ "'openssl rand -base64 32' and kept like a password (from an environment variable such as "
				+ "WECHAT_LOGIN_SESSION_KEY_ENCRYPTION_KEY), or set wechat.login.session-key.enabled to false.";
		if (!StringUtils.hasText(key)) {
			throw new WeChatLoginConfigurationException("wechat.login.store is redis, but " + ENCRYPTION_KEY_PROPERTY
					+ " is not set: the session_keys of mini program logins are kept in Redis only encrypted.", action);
		}
		try {
			return WeChatSessionKeyCipher.fromBase64(key);
		}
		catch (IllegalArgumentException ex) {
			throw new WeChatLoginConfigurationException(
					ENCRYPTION_KEY_PROPERTY + " is not a usable key: " + ex.getMessage() + ".", action);
		}
	}

}
