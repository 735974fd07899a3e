package io.github.wechatlogin.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wechatlogin.authentication.ReactiveWeChatCodeGuard;
import io.github.wechatlogin.authentication.ReactiveWeChatUserService;
import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatCodeReplayException;
import io.github.wechatlogin.authentication.WeChatReactiveAuthenticationManager;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.client.CachingReactiveWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.DelegatingReactiveWeChatCodeExchanger;
import io.github.wechatlogin.client.ReactiveWeChatApiAccessTokenClient;
import io.github.wechatlogin.client.ReactiveWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.ReactiveWeChatCodeExchanger;
import io.github.wechatlogin.client.CachingWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.WebClientClassicTokenClient;
import io.github.wechatlogin.client.WebClientStableTokenClient;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.redis.ReactiveRedisWeChatCodeGuard;
import io.github.wechatlogin.redis.ReactiveRedisWeChatTokenRevocationStore;
import io.github.wechatlogin.redis.RedisWeChatCodeGuard;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.token.ReactiveWeChatTokenRevocationStore;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatLoginReactiveClientConfiguration}, in a reactive web application,
 * against the simulator.
 */
class WeChatLoginReactiveClientConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static WeChatApiSimulator simulator;

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeChatLoginAutoConfiguration.class,
				WeChatLoginReactiveClientConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class))
		.withPropertyValues("wechat.login.token.secret=0123456789abcdef0123456789abcdef");

	@BeforeAll
	static void startSimulator() {
		simulator = WeChatApiSimulator.builder().app("wx-multi", "s").app("wx-mini", "s").build().start();
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@Test
	void configurationWhenReactiveApplicationThenEveryBean() {
		this.contextRunner.withPropertyValues(multiApp()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasBean(WeChatLoginReactiveClientConfiguration.WEB_CLIENT_BEAN_NAME);
			assertThat(context.getBean(WeChatLoginReactiveClientConfiguration.WEB_CLIENT_BEAN_NAME))
				.isInstanceOf(WebClient.class);
			assertThat(context).getBean(ReactiveWeChatApiAccessTokenClient.class)
				.isInstanceOf(WebClientStableTokenClient.class);
			assertThat(context).getBean(ReactiveWeChatApiAccessTokenProvider.class)
				.isInstanceOf(CachingReactiveWeChatApiAccessTokenProvider.class);
			assertThat(context).getBean(ReactiveWeChatCodeExchanger.class)
				.isInstanceOf(DelegatingReactiveWeChatCodeExchanger.class);
			assertThat(context).hasSingleBean(ReactiveWeChatCodeGuard.class);
			assertThat(context.getBean(WeChatLoginReactiveClientConfiguration.AUTHENTICATION_MANAGER_BEAN_NAME))
				.isInstanceOf(WeChatReactiveAuthenticationManager.class);
		});
	}

	@Test
	void configurationWhenReactiveApplicationThenTheApplicationsOwnClientAndManagerAreUntouched() {
		// neither the WebClient nor the manager is a default candidate: the application's
		// injection points and Spring Boot's user details do not see them
		// (with the resource server on the class path, Spring Boot's user needs its name set)
		this.contextRunner.withPropertyValues(multiApp())
			.withPropertyValues("spring.security.user.name=admin")
			.withUserConfiguration(ApplicationInjectionPoints.class)
			.run((context) -> {
				ApplicationInjectionPoints application = context.getBean(ApplicationInjectionPoints.class);
				assertThat(application.webClient).isNull();
				assertThat(application.authenticationManager).isNull();
				assertThat(context).hasSingleBean(ReactiveUserDetailsService.class);
			});
	}

	@Test
	void configurationWhenServletApplicationThenNoReactiveBean() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WeChatLoginAutoConfiguration.class,
					WeChatLoginReactiveClientConfiguration.class))
			.withPropertyValues(multiApp())
			.withPropertyValues("wechat.login.token.secret=0123456789abcdef0123456789abcdef")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ReactiveWeChatCodeExchanger.class);
				assertThat(context).doesNotHaveBean(WeChatLoginReactiveClientConfiguration.WEB_CLIENT_BEAN_NAME);
				assertThat(context).doesNotHaveBean(WeChatReactiveAuthenticationManager.class);
			});
	}

	@Test
	void configurationWhenClassicTokenEndpointThenClassicTokenClient() {
		this.contextRunner.withPropertyValues(multiApp())
			.withPropertyValues("wechat.login.client.access-token-endpoint=classic")
			.run((context) -> assertThat(context).getBean(ReactiveWeChatApiAccessTokenClient.class)
				.isInstanceOf(WebClientClassicTokenClient.class));
	}

	@Test
	void configurationWhenClassicTokenEndpointThenOneTokenForTheReactiveAndTheBlockingClientsAndHealth() {
		simulator.reset();
		this.contextRunner.withPropertyValues(multiApp())
			.withPropertyValues("wechat.login.client.access-token-endpoint=classic")
			.run((context) -> {
				WeChatRegistration registration = context.getBean(WeChatRegistrationRepository.class)
					.findByRegistrationId("default");
				String reactive = context.getBean(ReactiveWeChatApiAccessTokenProvider.class)
					.getAccessToken(registration)
					.block(WAIT);
				// the session check and phone number clients take the blocking provider's token
				CachingWeChatApiAccessTokenProvider blocking = context
					.getBean(CachingWeChatApiAccessTokenProvider.class);
				assertThat(blocking.getAccessToken(registration)).isEqualTo(reactive);
				assertThat(simulator.requestCount(Endpoint.TOKEN)).isEqualTo(1);
				// a token refused by either is refetched once for both
				blocking.invalidate(registration, reactive);
				String fresh = context.getBean(ReactiveWeChatApiAccessTokenProvider.class)
					.getAccessToken(registration)
					.block(WAIT);
				assertThat(blocking.getAccessToken(registration)).isEqualTo(fresh);
				assertThat(simulator.requestCount(Endpoint.TOKEN)).isEqualTo(2);
				// the health indicator sees the reactive fetches
				Health health = context.getBean("weChatLoginHealthIndicator", HealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).extractingByKey("default")
					.asString()
					.contains("accessToken=valid");
			});
	}

	@Test
	void configurationWhenReactiveTokenFetchFailsThenHealthDown() {
		simulator.reset();
		simulator.enqueueFault(Endpoint.STABLE_TOKEN, Fault.errcode(-1));
		this.contextRunner.withPropertyValues(multiApp()).run((context) -> {
			WeChatRegistration registration = context.getBean(WeChatRegistrationRepository.class)
				.findByRegistrationId("default");
			StepVerifier.create(context.getBean(ReactiveWeChatApiAccessTokenProvider.class).getAccessToken(registration))
				.expectError()
				.verify(WAIT);
			assertThat(context.getBean("weChatLoginHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN);
		});
	}

	@Test
	void configurationWhenContextClosesThenTheWebClientsConnectionPoolIsDisposed() {
		AtomicReference<WeChatApiConnector> connector = new AtomicReference<>();
		String code = simulator.issueCode("wx-mini", SimulatedUser.miniProgram("o-pool", null));
		this.contextRunner
			.withPropertyValues("wechat.login.type=mini-program", "wechat.login.app-id=wx-mini", "wechat.login.secret=s",
					"wechat.login.api-base-url=" + simulator.getBaseUrl())
			.run((context) -> {
			connector.set(context.getBean(WeChatLoginReactiveClientConfiguration.CONNECTOR_BEAN_NAME,
					WeChatApiConnector.class));
			// no ClientHttpConnector bean, which would turn Spring Boot's off
			assertThat(context.getBeansOfType(ClientHttpConnector.class)).isEmpty();
			WeChatReactiveAuthenticationManager manager = manager(context.getBean(
					WeChatLoginReactiveClientConfiguration.AUTHENTICATION_MANAGER_BEAN_NAME));
			StepVerifier.create(manager.authenticate(new WeChatCodeAuthenticationToken("default", code)))
				.expectNextCount(1)
				.expectComplete()
				.verify(WAIT);
			// the pool holds the connection
			assertThat(connector.get().isDisposed()).isFalse();
		});
		assertThat(connector.get().isDisposed()).isTrue();
	}

	@Test
	void configurationWhenApplicationDeclaresBeansThenTheyAreUsed() {
		this.contextRunner.withPropertyValues(multiApp())
			.withUserConfiguration(ApplicationBeans.class)
			.run((context) -> {
				assertThat(context).getBean(ReactiveWeChatCodeExchanger.class)
					.isSameAs(context.getBean(ApplicationBeans.class).exchanger);
				WeChatReactiveAuthenticationManager manager = manager(context.getBean(
						WeChatLoginReactiveClientConfiguration.AUTHENTICATION_MANAGER_BEAN_NAME));
				StepVerifier.create(manager.authenticate(new WeChatCodeAuthenticationToken("default", "c")))
					.assertNext((result) -> assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities()))
						.contains("ROLE_REACTIVE"))
					.expectComplete()
					.verify(WAIT);
			});
	}

	@Test
	void configurationWhenBlockingCodeGuardAndUserServiceThenAdaptedOnBoundedElastic() {
		this.contextRunner.withPropertyValues(multiApp())
			.withUserConfiguration(BlockingBeans.class, ScriptedExchanger.class)
			.run((context) -> {
				WeChatReactiveAuthenticationManager manager = manager(context.getBean(
						WeChatLoginReactiveClientConfiguration.AUTHENTICATION_MANAGER_BEAN_NAME));
				StepVerifier.create(manager.authenticate(new WeChatCodeAuthenticationToken("default", "c")))
					.expectNextCount(1)
					.expectComplete()
					.verify(WAIT);
				BlockingBeans beans = context.getBean(BlockingBeans.class);
				assertThat(beans.claimThread.get()).startsWith("boundedElastic-");
				assertThat(beans.userThread.get()).startsWith("boundedElastic-");
			});
	}

	@Test
	void codeGuardWhenRedisStoreOnLettuceThenOnTheReactiveRedisApi() {
		this.contextRunner.withPropertyValues(multiApp())
			.withPropertyValues(redisStore())
			.withBean(RedisConnectionFactory.class, () -> new LettuceConnectionFactory("127.0.0.1", 1))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(WeChatCodeGuard.class).isInstanceOf(RedisWeChatCodeGuard.class);
				assertThat(context).getBean(ReactiveWeChatCodeGuard.class)
					.isInstanceOf(ReactiveRedisWeChatCodeGuard.class);
				assertThat(context).getBean(ReactiveWeChatTokenRevocationStore.class)
					.isInstanceOf(ReactiveRedisWeChatTokenRevocationStore.class);
			});
	}

	@Test
	void revocationStoreWhenRedisStoreAndApplicationReactiveStoreThenTheApplicationsOne() {
		ReactiveWeChatTokenRevocationStore applicationStore = (id) -> Mono.just(false);
		this.contextRunner.withPropertyValues(multiApp())
			.withPropertyValues(redisStore())
			.withBean(RedisConnectionFactory.class, () -> new LettuceConnectionFactory("127.0.0.1", 1))
			.withBean(ReactiveWeChatTokenRevocationStore.class, () -> applicationStore)
			.run((context) -> assertThat(context).getBean(ReactiveWeChatTokenRevocationStore.class)
				.isSameAs(applicationStore));
	}

	@Test
	void codeGuardWhenRedisStoreAndApplicationReactiveGuardThenTheApplicationsOne() {
		ReactiveWeChatCodeGuard applicationGuard = ReactiveWeChatCodeGuard.of(new InMemoryWeChatCodeGuard());
		this.contextRunner.withPropertyValues(multiApp())
			.withPropertyValues(redisStore())
			.withBean(RedisConnectionFactory.class, () -> new LettuceConnectionFactory("127.0.0.1", 1))
			.withBean(ReactiveWeChatCodeGuard.class, () -> applicationGuard)
			.run((context) -> assertThat(context).getBean(ReactiveWeChatCodeGuard.class).isSameAs(applicationGuard));
	}

	@Test
	void codeGuardWhenRedisStoreAndApplicationBlockingGuardThenItAdaptedOnBoundedElastic() {
		this.contextRunner.withPropertyValues(multiApp())
			.withPropertyValues(redisStore())
			.withBean(RedisConnectionFactory.class, () -> new LettuceConnectionFactory("127.0.0.1", 1))
			.withUserConfiguration(BlockingBeans.class, ScriptedExchanger.class)
			.run((context) -> {
				assertThat(context).getBean(ReactiveWeChatCodeGuard.class)
					.isNotInstanceOf(ReactiveRedisWeChatCodeGuard.class);
				WeChatReactiveAuthenticationManager manager = manager(context.getBean(
						WeChatLoginReactiveClientConfiguration.AUTHENTICATION_MANAGER_BEAN_NAME));
				StepVerifier.create(manager.authenticate(new WeChatCodeAuthenticationToken("default", "c")))
					.expectNextCount(1)
					.expectComplete()
					.verify(WAIT);
				assertThat(context.getBean(BlockingBeans.class).claimThread.get()).startsWith("boundedElastic-");
			});
	}

	@Test
	void managerWhenMultiAppLoginAgainstTheSimulatorThenWeChatUserAndReplayRefused() {
		String code = simulator.issueCode("wx-multi", SimulatedUser.miniProgram("o-rx", "u-rx"));
		this.contextRunner.withPropertyValues(multiApp())
			.withPropertyValues("wechat.login.default-authorities=ROLE_MEMBER")
			.run((context) -> {
				WeChatReactiveAuthenticationManager manager = manager(context.getBean(
						WeChatLoginReactiveClientConfiguration.AUTHENTICATION_MANAGER_BEAN_NAME));
				StepVerifier.create(manager.authenticate(new WeChatCodeAuthenticationToken("default", code)))
					.assertNext((result) -> {
						assertThat(result).isInstanceOf(WeChatAuthentication.class);
						assertThat(((WeChatUser) result.getPrincipal()).getOpenid()).isEqualTo("o-rx");
						assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities())).contains("ROLE_MEMBER");
					})
					.expectComplete()
					.verify(WAIT);
				StepVerifier.create(manager.authenticate(new WeChatCodeAuthenticationToken("default", code)))
					.expectError(WeChatCodeReplayException.class)
					.verify(WAIT);
			});
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isGreaterThanOrEqualTo(1);
	}

	@Test
	void managerWhenMiniProgramLoginAgainstTheSimulatorThenWeChatUser() {
		String code = simulator.issueCode("wx-mini", SimulatedUser.miniProgram("o-mini", null));
		this.contextRunner
			.withPropertyValues("wechat.login.type=mini-program", "wechat.login.app-id=wx-mini", "wechat.login.secret=s",
					"wechat.login.api-base-url=" + simulator.getBaseUrl())
			.run((context) -> {
				WeChatReactiveAuthenticationManager manager = manager(context.getBean(
						WeChatLoginReactiveClientConfiguration.AUTHENTICATION_MANAGER_BEAN_NAME));
				StepVerifier.create(manager.authenticate(new WeChatCodeAuthenticationToken("default", code)))
					.assertNext((result) -> assertThat(((WeChatUser) result.getPrincipal()).getOpenid())
						.isEqualTo("o-mini"))
					.expectComplete()
					.verify(WAIT);
			});
	}

	private static WeChatReactiveAuthenticationManager manager(Object bean) {
		return (WeChatReactiveAuthenticationManager) bean;
	}

	private static String[] redisStore() {
		return new String[] { "wechat.login.store=redis", "wechat.login.session-key.enabled=false" };
	}

	private static String[] multiApp() {
		return new String[] { "wechat.login.app-id=wx-multi", "wechat.login.secret=s",
				"wechat.login.api-base-url=" + simulator.getBaseUrl() };
	}

	private static WeChatIdentity identity() {
		return WeChatIdentity.builder().openid("o-1").userId("uid-1").loginType("weixinMiniProgram").build();
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationInjectionPoints {

		@Autowired(required = false)
		@Nullable WebClient webClient;

		@Autowired(required = false)
		@Nullable ReactiveAuthenticationManager authenticationManager;

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationBeans {

		final ReactiveWeChatCodeExchanger exchanger = (request) -> Mono.just(identity());

		@Bean
		ReactiveWeChatCodeExchanger applicationExchanger() {
			return this.exchanger;
		}

		@Bean
		ReactiveWeChatUserService applicationUserService() {
			return (request) -> Mono.just(
					DefaultWeChatUserService.createUser(request, AuthorityUtils.createAuthorityList("ROLE_REACTIVE")));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScriptedExchanger {

		@Bean
		ReactiveWeChatCodeExchanger applicationExchanger() {
			return (request) -> Mono.just(identity());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BlockingBeans {

		final AtomicReference<String> claimThread = new AtomicReference<>();

		final AtomicReference<String> userThread = new AtomicReference<>();

		@Bean
		WeChatCodeGuard applicationCodeGuard() {
			return new WeChatCodeGuard() {

				@Override
				public boolean claim(WeChatRegistration registration, String code) {
					BlockingBeans.this.claimThread.set(Thread.currentThread().getName());
					return true;
				}

				@Override
				public void release(WeChatRegistration registration, String code) {
				}

			};
		}

		@Bean
		WeChatUserService applicationUserService() {
			return (request) -> {
				this.userThread.set(Thread.currentThread().getName());
				return DefaultWeChatUserService.createUser(request, AuthorityUtils.createAuthorityList("ROLE_USER"));
			};
		}

	}

}
