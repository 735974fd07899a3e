package io.github.wechatlogin.autoconfigure;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.github.wechatlogin.authentication.ReactiveWeChatCodeGuard;
import io.github.wechatlogin.authentication.ReactiveWeChatUserService;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatReactiveAuthenticationManager;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.client.AbstractWebClientWeChatApiClient;
import io.github.wechatlogin.client.CachingReactiveWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.DelegatingReactiveWeChatCodeExchanger;
import io.github.wechatlogin.client.ReactiveWeChatApiAccessTokenClient;
import io.github.wechatlogin.client.ReactiveWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.ReactiveWeChatCodeExchanger;
import io.github.wechatlogin.client.WebClientClassicTokenClient;
import io.github.wechatlogin.client.WebClientCode2VerifyInfoExchanger;
import io.github.wechatlogin.client.WebClientJsCode2SessionExchanger;
import io.github.wechatlogin.client.WebClientStableTokenClient;
import io.github.wechatlogin.config.web.server.WeChatLoginServerConfigurer;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The reactive WeChat API client and login of a reactive web application: the
 * {@code WebClient} of the WeChat API, the reactive access-token client and provider, the
 * reactive code exchanger, used-code guard and {@link WeChatReactiveAuthenticationManager}. The
 * registrations, the {@link WeChatCodeGuard} and the {@link WeChatUserService} are those of
 * {@link WeChatLoginAutoConfiguration}, adapted.
 * <p>
 * The {@code WebClient} is built from {@link WebClient#builder()}, never from the application's
 * {@code WebClient.Builder} bean: that one carries the application's customizations (filters,
 * codecs, observation conventions, a base URL of its own), which do not belong on the WeChat
 * client, and a builder bean shared with the application would carry the starter's base URL and
 * timeouts back into the application's clients. It is not a default candidate, so never
 * injected where the application asks for a {@code WebClient}. Its connector has the servlet
 * client's settings ({@code wechat.login.client.connect-timeout}, {@code read-timeout}, no
 * redirects, no resent requests, HTTP/1.1 on the JDK client), and every call of the starter's clients is bounded by
 * connect plus read timeout in all (a call that times out may have reached WeChat, so its code
 * is kept as possibly redeemed, as on the servlet stack).
 * <p>
 * The manager is not a default candidate either: a {@code ReactiveAuthenticationManager} bean
 * would become the default of every {@code ServerHttpSecurity} of the application (its form or
 * basic login) and turn off Spring Boot's {@code ReactiveUserDetailsService}. The login's web
 * configuration takes it by name ({@value #AUTHENTICATION_MANAGER_BEAN_NAME}).
 * <p>
 * With {@code wechat.login.store=redis}, the guard is the Redis one called on
 * {@code Schedulers.boundedElastic()} (see {@link ReactiveWeChatCodeGuard#of(WeChatCodeGuard)});
 * a guard on the reactive Redis API, and the access tokens shared through Redis, are a later
 * step: the reactive provider keeps its tokens in memory (use the stable-token endpoint, the
 * default, with several instances).
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(WebClient.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class WeChatLoginReactiveClientConfiguration {

	/**
	 * The name of the WeChat API's {@code WebClient} bean.
	 */
	static final String WEB_CLIENT_BEAN_NAME = "weChatApiWebClient";

	/**
	 * The name of the {@link WeChatReactiveAuthenticationManager} bean.
	 */
	static final String AUTHENTICATION_MANAGER_BEAN_NAME = WeChatLoginServerConfigurer.AUTHENTICATION_MANAGER_BEAN_NAME;

	private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent("reactor.netty.http.client.HttpClient",
			WeChatLoginReactiveClientConfiguration.class.getClassLoader());

	@Bean(name = WEB_CLIENT_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	WebClient weChatApiWebClient(WeChatLoginProperties properties) {
		WeChatLoginProperties.Client client = properties.getClient();
		Duration connectTimeout = WeChatLoginClientConfiguration.positive(client.getConnectTimeout(),
				"wechat.login.client.connect-timeout");
		Duration readTimeout = WeChatLoginClientConfiguration.positive(client.getReadTimeout(),
				"wechat.login.client.read-timeout");
		ClientHttpConnector connector = REACTOR_NETTY_PRESENT
				? ReactorNettyConnectors.create(connectTimeout, readTimeout)
				: jdkConnector(connectTimeout, readTimeout);
		return WebClient.builder().baseUrl(properties.getApiBaseUrl()).clientConnector(connector).build();
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveWeChatApiAccessTokenClient reactiveWeChatApiAccessTokenClient(WeChatLoginProperties properties,
			@Qualifier(WEB_CLIENT_BEAN_NAME) WebClient webClient,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return switch (properties.getClient().getAccessTokenEndpoint()) {
			case STABLE -> configured(new WebClientStableTokenClient(webClient), properties, observationRegistry);
			case CLASSIC -> configured(new WebClientClassicTokenClient(webClient), properties, observationRegistry);
		};
	}

	@Bean
	@ConditionalOnMissingBean(ReactiveWeChatApiAccessTokenProvider.class)
	CachingReactiveWeChatApiAccessTokenProvider reactiveWeChatApiAccessTokenProvider(WeChatLoginProperties properties,
			ReactiveWeChatApiAccessTokenClient accessTokenClient) {
		CachingReactiveWeChatApiAccessTokenProvider provider = new CachingReactiveWeChatApiAccessTokenProvider(
				accessTokenClient);
		provider.setRefreshBeforeExpiry(properties.getClient().getAccessTokenRefreshMargin());
		provider.setFailureBackoff(properties.getClient().getAccessTokenFailureBackoff());
		return provider;
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveWeChatCodeExchanger reactiveWeChatCodeExchanger(WeChatLoginProperties properties,
			@Qualifier(WEB_CLIENT_BEAN_NAME) WebClient webClient,
			ObjectProvider<ReactiveWeChatApiAccessTokenProvider> accessTokenProvider,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		Map<WeChatAppType, AbstractWebClientWeChatApiClient> exchangers = new EnumMap<>(WeChatAppType.class);
		exchangers.put(WeChatAppType.MINI_PROGRAM, new WebClientJsCode2SessionExchanger(webClient));
		exchangers.put(WeChatAppType.MULTI_APP,
				new WebClientCode2VerifyInfoExchanger(webClient, accessTokenProvider.getObject()));
		Map<WeChatAppType, ReactiveWeChatCodeExchanger> configured = new EnumMap<>(WeChatAppType.class);
		exchangers.forEach((type, exchanger) -> configured.put(type,
				(ReactiveWeChatCodeExchanger) configured(exchanger, properties, observationRegistry)));
		return new DelegatingReactiveWeChatCodeExchanger(configured);
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveWeChatCodeGuard reactiveWeChatCodeGuard(WeChatCodeGuard codeGuard) {
		return ReactiveWeChatCodeGuard.of(codeGuard);
	}

	/**
	 * The login's manager. Its user service is the application's
	 * {@link ReactiveWeChatUserService} bean if there is one, else its
	 * {@link WeChatUserService} adapted (see {@link ReactiveWeChatUserService#of}).
	 */
	@Bean(name = AUTHENTICATION_MANAGER_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = AUTHENTICATION_MANAGER_BEAN_NAME)
	WeChatReactiveAuthenticationManager weChatReactiveAuthenticationManager(
			WeChatRegistrationRepository registrations, ReactiveWeChatCodeExchanger codeExchanger,
			ReactiveWeChatCodeGuard codeGuard, ObjectProvider<ReactiveWeChatUserService> reactiveUserService,
			ObjectProvider<WeChatUserService> userService) {
		WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(registrations,
				codeExchanger);
		manager.setCodeGuard(codeGuard);
		ReactiveWeChatUserService reactive = reactiveUserService.getIfUnique();
		WeChatUserService blocking = (reactive != null) ? null : userService.getIfUnique();
		if (reactive != null) {
			manager.setUserService(reactive);
		}
		else if (blocking != null) {
			manager.setUserService(ReactiveWeChatUserService.of(blocking));
		}
		return manager;
	}

	/**
	 * Give a WeChat API client the configured answer size limit, observation registry and
	 * whole-call timeout (connect plus read timeout).
	 */
	static <T extends AbstractWebClientWeChatApiClient> T configured(T client,
			WeChatLoginProperties properties, ObjectProvider<ObservationRegistry> observationRegistry) {
		WeChatLoginClientConfiguration.configured(client, properties, observationRegistry);
		client.setResponseTimeout(properties.getClient().getConnectTimeout().plus(properties.getClient().getReadTimeout()));
		return client;
	}

	static ClientHttpConnector jdkConnector(Duration connectTimeout, Duration readTimeout) {
		JdkClientHttpConnector connector = new JdkClientHttpConnector(
				WeChatLoginClientConfiguration.weChatApiHttpClient(connectTimeout));
		connector.setReadTimeout(readTimeout);
		return connector;
	}

	/**
	 * Reactor Netty's connector, in a class of its own so that its types are loaded only when
	 * Reactor Netty is present.
	 */
	private static final class ReactorNettyConnectors {

		static ClientHttpConnector create(Duration connectTimeout, Duration readTimeout) {
			reactor.netty.http.client.HttpClient httpClient = reactor.netty.http.client.HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
				.responseTimeout(readTimeout)
				.followRedirect(false)
				// Reactor Netty resends a request once after a connection reset: a resent code
				// exchange would find its code used (see docs/architecture.md)
				.disableRetry(true);
			return new ReactorClientHttpConnector(httpClient);
		}

	}

}
