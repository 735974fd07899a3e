package io.github.wechatlogin.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.core.CachingWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistrationChangedEvent;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.token.WeChatJwtCodecs;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.web.client.RestClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * WeChat login: the registrations of {@code wechat.login.*}, the WeChat API client, the user
 * service, the used-code guard, the tokens, and the stores of shared state (in memory, or in
 * Redis with {@code wechat.login.store=redis}). Every bean backs off when the application defines
 * its own.
 *
 * @author wechat-login developers
 * @see WeChatLoginSecurityAutoConfiguration
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
@EnableConfigurationProperties(WeChatLoginProperties.class)
@Import({ WeChatLoginJdbcConfiguration.class, WeChatLoginRedisConfiguration.class,
		WeChatLoginClientConfiguration.class, WeChatLoginSessionKeyConfiguration.class,
		WeChatLoginRegistrationsEndpointConfiguration.class,
		WeChatLoginTokenConfiguration.class, WeChatLoginHealthConfiguration.class })
public final class WeChatLoginAutoConfiguration {

	/**
	 * The name of the {@link RestClient} that calls the WeChat API. It is not a default
	 * candidate, so it is never injected where the application asks for a {@code RestClient}.
	 */
	public static final String REST_CLIENT_BEAN_NAME = "weChatApiRestClient";

	/**
	 * The name of the {@link org.springframework.http.client.ClientHttpRequestFactory} of the
	 * {@link #REST_CLIENT_BEAN_NAME WeChat API client}. It is not a default candidate either.
	 */
	public static final String REQUEST_FACTORY_BEAN_NAME = "weChatApiClientHttpRequestFactory";

	@Bean
	@ConditionalOnMissingBean
	WeChatRegistrationRepository weChatRegistrationRepository(WeChatLoginProperties properties) {
		if (properties.getRegistrationStore() == WeChatLoginProperties.RegistrationStore.JDBC) {
			// WeChatLoginJdbcConfiguration did not apply
			throw new WeChatLoginConfigurationException(
					"wechat.login.registration-store is jdbc, but spring-jdbc is not on the classpath.",
					"Add spring-boot-starter-jdbc (and the database's JDBC driver), or set "
							+ "wechat.login.registration-store to properties.");
		}
		return WeChatRegistrationsFactory.create(properties);
	}

	/**
	 * Evicts a {@link io.github.wechatlogin.core.CachingWeChatRegistrationRepository} at each
	 * {@link io.github.wechatlogin.core.WeChatRegistrationChangedEvent}, whoever made the
	 * repository (registration-store jdbc, or the application).
	 */
	@Bean
	static ApplicationListener<WeChatRegistrationChangedEvent> weChatRegistrationChangedListener(
			ObjectProvider<WeChatRegistrationRepository> registrations) {
		return (event) -> {
			if (registrations.getIfUnique() instanceof CachingWeChatRegistrationRepository cache) {
				String id = event.getRegistrationId();
				if (id != null) {
					cache.evict(id);
				}
				else {
					cache.evictAll();
				}
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatCodeGuard weChatCodeGuard() {
		return new InMemoryWeChatCodeGuard();
	}

	@Bean
	static WeChatLoginWarmUp weChatLoginWarmUp(
			@Qualifier(REQUEST_FACTORY_BEAN_NAME) ObjectProvider<ClientHttpRequestFactory> requestFactory,
			ObjectProvider<WeChatJwtCodecs> codecs) {
		return new WeChatLoginWarmUp(() -> {
			List<Object> parts = new ArrayList<>();
			requestFactory.ifAvailable(parts::add);
			codecs.ifAvailable((available) -> {
				parts.add(available.getEncoder());
				parts.add(available.getDecoder());
			});
			return parts;
		});
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatUserService weChatUserService(WeChatLoginProperties properties) {
		DefaultWeChatUserService userService = new DefaultWeChatUserService();
		userService.setAuthorities(AuthorityUtils.createAuthorityList(properties.getDefaultAuthorities()));
		return userService;
	}

}
