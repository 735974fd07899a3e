package io.github.wechatlogin.autoconfigure;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;

import javax.sql.DataSource;

import io.github.wechatlogin.core.CachingWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationChangedEvent;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.jdbc.WeChatSecretDecoder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.JdbcOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The start-up checks and back-offs of {@code wechat.login.registration-store=jdbc}, and the
 * {@code wechatlogin} Actuator endpoint's default access.
 */
class WeChatLoginJdbcConfigurationTests {

	private static final String TOKEN_SECRET = "wechat.login.token.secret=0123456789abcdef0123456789abcdef";

	private static final String JDBC = "wechat.login.registration-store=jdbc";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, WeChatLoginAutoConfiguration.class,
				WeChatLoginSecurityAutoConfiguration.class))
		.withPropertyValues(TOKEN_SECRET);

	@Test
	void jdbcWhenNoDataSourceThenStartUpFailsNamingIt() {
		this.contextRunner.withPropertyValues(JDBC)
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("wechat.login.registration-store is jdbc, but the application has no (single, or primary) "
						+ "DataSource"));
	}

	@Test
	void jdbcWhenSeveralDataSourcesNoneOfThemPrimaryThenStartUpFails() {
		this.contextRunner.withPropertyValues(JDBC)
			.withBean("one", DataSource.class, WeChatLoginJdbcConfigurationTests::dataSource)
			.withBean("two", DataSource.class, WeChatLoginJdbcConfigurationTests::dataSource)
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("no (single, or primary) DataSource"));
	}

	@Test
	void jdbcWhenSeveralDataSourcesOnePrimaryThenStarts() {
		this.contextRunner.withPropertyValues(JDBC)
			.withBean("one", DataSource.class, WeChatLoginJdbcConfigurationTests::dataSource,
					(definition) -> definition.setPrimary(true))
			.withBean("two", DataSource.class, WeChatLoginJdbcConfigurationTests::dataSource)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(WeChatRegistrationRepository.class)
				.isInstanceOf(CachingWeChatRegistrationRepository.class));
	}

	@Test
	void jdbcWhenSpringJdbcMissingThenStartUpFailsNamingIt() {
		this.contextRunner.withPropertyValues(JDBC)
			.withClassLoader(new FilteredClassLoader(JdbcOperations.class))
			.withBean(DataSource.class, WeChatLoginJdbcConfigurationTests::dataSource)
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("spring-jdbc is not on the classpath"));
	}

	@Test
	void jdbcWhenNegativeTimeToLiveMaximumSizeOrNoQueryTimeoutThenStartUpFails() {
		for (String property : List.of("wechat.login.registration-cache.time-to-live=-1s",
				"wechat.login.registration-cache.maximum-size=-1")) {
			this.contextRunner.withPropertyValues(JDBC, property)
				.withBean(DataSource.class, WeChatLoginJdbcConfigurationTests::dataSource)
				.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage()).as(property)
					.contains("time-to-live and maximum-size cannot be negative"));
		}
		this.contextRunner.withPropertyValues(JDBC, "wechat.login.registration-cache.query-timeout=0s")
			.withBean(DataSource.class, WeChatLoginJdbcConfigurationTests::dataSource)
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("query-timeout must be positive"));
	}

	@Test
	void jdbcWhenTheApplicationHasARepositoryThenItIsUsedAndNoDataSourceNeeded() {
		WeChatRegistrationRepository own = new FixedRepository();
		this.contextRunner.withPropertyValues(JDBC)
			.withBean("customRegistrations", WeChatRegistrationRepository.class, () -> own)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(WeChatRegistrationRepository.class)
				.isSameAs(own));
	}

	@Test
	void jdbcWhenTheApplicationHasASecretDecoderThenItIsUsed() {
		WeChatSecretDecoder own = (registrationId, secret) -> secret;
		this.contextRunner.withPropertyValues(JDBC)
			.withBean(DataSource.class, WeChatLoginJdbcConfigurationTests::dataSource)
			.withBean("customDecoder", WeChatSecretDecoder.class, () -> own)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WeChatSecretDecoder.class)).isSameAs(own);
			});
	}

	@Test
	void changedEventWhenTheApplicationsRepositoryIsACacheThenEvictedWithoutJdbc() {
		FixedRepository rows = new FixedRepository();
		CachingWeChatRegistrationRepository cache = new CachingWeChatRegistrationRepository(rows);
		this.contextRunner.withBean("customRegistrations", WeChatRegistrationRepository.class, () -> cache)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(cache.findByRegistrationId("a")).isNull();
				rows.registration = WeChatRegistration.withRegistrationId("a").appId("wx-a").secret("s").build();
				assertThat(cache.findByRegistrationId("a")).isNull();
				context.publishEvent(new WeChatRegistrationChangedEvent(this, "a"));
				assertThat(cache.findByRegistrationId("a")).isNotNull();
			});
	}

	@Test
	void registrationsEndpointWhenExposedButNoAccessGivenThenAbsent() {
		WebApplicationContextRunner actuator = this.contextRunner
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					WebEndpointAutoConfiguration.class))
			.withPropertyValues("wechat.login.app-id=wx", "wechat.login.secret=s",
					"management.endpoints.web.exposure.include=*");
		actuator.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(WeChatRegistrationsEndpoint.class));
		actuator.withPropertyValues("management.endpoint.wechatlogin.access=READ_ONLY")
			.run((context) -> assertThat(context).hasSingleBean(WeChatRegistrationsEndpoint.class));
	}

	private static DataSource dataSource() {
		DataSource dataSource = mock(DataSource.class);
		try {
			given(dataSource.getConnection()).willThrow(new SQLException("no database in this test"));
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return dataSource;
	}

	private static Throwable rootCause(@Nullable Throwable failure) {
		assertThat(failure).isNotNull();
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static final class FixedRepository implements WeChatRegistrationRepository {

		volatile @Nullable WeChatRegistration registration;

		@Override
		public @Nullable WeChatRegistration findByRegistrationId(String registrationId) {
			WeChatRegistration found = this.registration;
			return (found != null && found.getRegistrationId().equals(registrationId)) ? found : null;
		}

		@Override
		public Iterator<WeChatRegistration> iterator() {
			WeChatRegistration found = this.registration;
			return (found != null) ? List.of(found).iterator() : List.<WeChatRegistration>of().iterator();
		}

	}

}
