package io.github.wechatlogin.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.wechatlogin.core.CachingWeChatRegistrationRepository;
import io.github.wechatlogin.core.CompositeWeChatRegistrationRepository;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.jdbc.JdbcWeChatRegistrationRepository;
import io.github.wechatlogin.jdbc.WeChatSecretDecoder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Registrations from the database ({@code wechat.login.registration-store=jdbc}): those of
 * {@code wechat.login.*} first, then the rows of {@code wechat_login_registration} of the
 * application's {@link DataSource}, looked up per request through a cache.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcOperations.class)
@ConditionalOnProperty(prefix = "wechat.login", name = "registration-store", havingValue = "jdbc")
class WeChatLoginJdbcConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WeChatSecretDecoder weChatSecretDecoder() {
		return WeChatSecretDecoder.plainText();
	}

	@Bean
	@ConditionalOnMissingBean(WeChatRegistrationRepository.class)
	CachingWeChatRegistrationRepository weChatRegistrationRepository(WeChatLoginProperties properties,
			ObjectProvider<DataSource> dataSource, WeChatSecretDecoder secretDecoder) {
		DataSource source = dataSource.getIfUnique();
		if (source == null) {
			throw new WeChatLoginConfigurationException(
					"wechat.login.registration-store is jdbc, but the application has no (single, or primary) DataSource.",
					"Configure a DataSource (spring-boot-starter-jdbc, spring.datasource.url and the JDBC driver), "
							+ "or set wechat.login.registration-store to properties.");
		}
		if (properties.getRegistrationCache().getTimeToLive().isNegative()
				|| properties.getRegistrationCache().getMaximumSize() < 0) {
			throw new WeChatLoginConfigurationException(
					"wechat.login.registration-cache.time-to-live and maximum-size cannot be negative.",
					"Set them to zero or more (time-to-live 0 reads the database at every request).");
		}
		java.time.Duration queryTimeout = properties.getRegistrationCache().getQueryTimeout();
		if (queryTimeout.isNegative() || queryTimeout.isZero()) {
			throw new WeChatLoginConfigurationException(
					"wechat.login.registration-cache.query-timeout must be positive.",
					"Set it to a few seconds: every login of a registration that is not cached waits for its read.");
		}
		JdbcTemplate template = new JdbcTemplate(source);
		// JDBC's query timeout is whole seconds: rounded up, at least one
		template.setQueryTimeout((int) Math.max(1, (queryTimeout.toMillis() + 999) / 1000));
		JdbcWeChatRegistrationRepository rows = new JdbcWeChatRegistrationRepository(template);
		rows.setSecretDecoder(secretDecoder);
		List<WeChatRegistrationRepository> repositories = new ArrayList<>();
		InMemoryWeChatRegistrationRepository configured = WeChatRegistrationsFactory.createOptional(properties);
		if (configured != null) {
			repositories.add(configured);
		}
		repositories.add(rows);
		return new CachingWeChatRegistrationRepository(new CompositeWeChatRegistrationRepository(repositories),
				properties.getRegistrationCache().getTimeToLive(), properties.getRegistrationCache().getMaximumSize());
	}

}
