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
import io.github.wechatlogin.client.CachingWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.DelegatingReactiveWeChatCodeExchanger;
import io.github.wechatlogin.client.ReactiveWeChatApiAccessTokenClient;
import io.github.wechatlogin.client.ReactiveWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.ReactiveWeChatCodeExchanger;
import io.github.wechatlogin.client.WebClientClassicTokenClient;
import io.github.wechatlogin.client.WebClientCode2VerifyInfoExchanger;
import io.github.wechatlogin.client.WebClientJsCode2SessionExchanger;
import io.github.wechatlogin.client.WebClientStableTokenClient;
import io.github.wechatlogin.client.WeChatApiClientHttpConnector;
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
 * redirects, no resent requests, HTTP/1.1 on the JDK client) and, on Reactor Netty, a connection
 * pool of its own ({@value #MAX_CONNECTIONS} connections, a wait for one bounded by the connect
 * timeout, idle ones closed after {@code MAX_IDLE_TIME}, disposed with the context), and every call of the starter's clients is bounded by
 * connect plus read timeout in all (a call that times out may have reached WeChat, so its code
 * is kept as possibly redeemed, as on the servlet stack).
 * <p>
 * The manager is not a default candidate either: a {@code ReactiveAuthenticationManager} bean
 * would become the default of every {@code ServerHttpSecurity} of the application (its form or
 * basic login) and turn off Spring Boot's {@code ReactiveUserDetailsService}. The login's web
 * configuration takes it by name ({@value #AUTHENTICATION_MANAGER_BEAN_NAME}).
 * <p>
 * With {@code wechat.login.store=redis}, the guard is the one on the reactive Redis API (see
 * {@code WeChatLoginRedisConfiguration}), or an application's {@link WeChatCodeGuard} called on
 * {@code Schedulers.boundedElastic()} (see {@link ReactiveWeChatCodeGuard#of(WeChatCodeGuard)}).
 * The access tokens shared through Redis are a later step: the reactive provider keeps its
 * tokens in memory (use the stable-token endpoint, the default, with several instances).
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

	/**
	 * The name of the bean that holds the connector of the {@link #WEB_CLIENT_BEAN_NAME WebClient}
	 * and, on Reactor Netty, its own connection pool, disposed when the context closes.
	 */
	static final String CONNECTOR_BEAN_NAME = "weChatApiWebClientConnector";

	/**
	 * The most connections to WeChat that the reactive client opens at once (as many as Reactor
	 * Netty's global pool, which every client of the application shares).
	 */
	static final int MAX_CONNECTIONS = 500;

	/**
	 * The most calls that wait for one of the {@link #MAX_CONNECTIONS} connections; more fail
	 * at once, with their codes given back.
	 */
	static final int MAX_PENDING_ACQUIRES = 1000;

	/**
	 * How long an idle connection is kept: below the idle timeouts of the usual proxies and load
	 * balancers, so that a kept connection is seldom found closed by the other side.
	 */
	static final Duration MAX_IDLE_TIME = Duration.ofSeconds(30);

	@Bean(name = CONNECTOR_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = { CONNECTOR_BEAN_NAME, WEB_CLIENT_BEAN_NAME })
	WeChatApiConnector weChatApiWebClientConnector(WeChatLoginProperties properties) {
		WeChatLoginProperties.Client client = properties.getClient();
		Duration connectTimeout = WeChatLoginClientConfiguration.positive(client.getConnectTimeout(),
				"wechat.login.client.connect-timeout");
		Duration readTimeout = WeChatLoginClientConfiguration.positive(client.getReadTimeout(),
				"wechat.login.client.read-timeout");
		return REACTOR_NETTY_PRESENT ? ReactorNettyConnectors.create(connectTimeout, readTimeout, MAX_CONNECTIONS,
				MAX_PENDING_ACQUIRES)
				: new WeChatApiConnector(WeChatApiQueryHiding.connector(jdkConnector(connectTimeout, readTimeout), false),
						null);
	}

	@Bean(name = WEB_CLIENT_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	WebClient weChatApiWebClient(WeChatLoginProperties properties,
			@Qualifier(CONNECTOR_BEAN_NAME) WeChatApiConnector connector) {
		return webClient(properties.getApiBaseUrl(), connector.connector());
	}

	/**
	 * The starter's {@code WebClient} on a connector that gives the query back (see
	 * {@link WeChatApiQueryHiding}).
	 */
	static WebClient webClient(String baseUrl, ClientHttpConnector connector) {
		return WebClient.builder()
			.baseUrl(baseUrl)
			.filter(WeChatApiQueryHiding.filter())
			.clientConnector(new WeChatApiClientHttpConnector(connector))
			.build();
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
			ReactiveWeChatApiAccessTokenClient accessTokenClient,
			ObjectProvider<CachingWeChatApiAccessTokenProvider> blockingProvider) {
		// one cache with the blocking provider (session checks, phone numbers): one token per app,
		// not two that the classic endpoint makes knock each other out, and a health indicator
		// that sees the reactive fetches
		CachingWeChatApiAccessTokenProvider blocking = blockingProvider.getIfUnique();
		CachingReactiveWeChatApiAccessTokenProvider provider = (blocking != null)
				? new CachingReactiveWeChatApiAccessTokenProvider(accessTokenClient, blocking)
				: new CachingReactiveWeChatApiAccessTokenProvider(accessTokenClient);
		provider.setRefreshBeforeExpiry(properties.getClient().getAccessTokenRefreshMargin());
		provider.setFailureBackoff(properties.getClient().getAccessTokenFailureBackoff());
		// as the servlet provider's
		provider.setMaxWait(
				properties.getClient().getConnectTimeout().plus(properties.getClient().getReadTimeout()).multipliedBy(2));
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
	static final class ReactorNettyConnectors {

		static WeChatApiConnector create(Duration connectTimeout, Duration readTimeout, int maxConnections,
				int maxPendingAcquires) {
			// a pool of its own: the global one is shared with the application's clients,
			// waits 45 s for a connection and never closes idle ones
			reactor.netty.resources.ConnectionProvider pool = reactor.netty.resources.ConnectionProvider
				.builder("wechat-login")
				.maxConnections(maxConnections)
				.pendingAcquireMaxCount(maxPendingAcquires)
				// a call that waits longer for a connection than for a new one fails, its code given back
				.pendingAcquireTimeout(connectTimeout)
				.maxIdleTime(MAX_IDLE_TIME)
				.evictInBackground(MAX_IDLE_TIME.dividedBy(2))
				.build();
			reactor.netty.http.client.HttpClient httpClient = reactor.netty.http.client.HttpClient.create(pool)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
				.responseTimeout(readTimeout)
				.followRedirect(false)
				// Reactor Netty resends a request once after a connection reset: a resent code
				// exchange would find its code used (see docs/architecture.md)
				.disableRetry(true)
				// the query back into the request line, after Reactor Netty logged the URI (once per
				// connection: a pooled one is "connected" again at each acquisition)
				.doOnConnected((connection) -> {
					io.netty.channel.ChannelPipeline pipeline = connection.channel().pipeline();
					if (pipeline.get(QUERY_HANDLER_NAME) == null) {
						pipeline.addBefore(reactor.netty.NettyPipeline.ReactiveBridge, QUERY_HANDLER_NAME,
								QueryRestorer.INSTANCE);
					}
				});
			return new WeChatApiConnector(
					WeChatApiQueryHiding.connector(new ReactorClientHttpConnector(httpClient), true), pool);
		}

		private static final String QUERY_HANDLER_NAME = "wechat-login-query";

		/**
		 * Moves {@link WeChatApiQueryHiding#QUERY_HEADER} into the request line of a request
		 * about to be encoded.
		 */
		@io.netty.channel.ChannelHandler.Sharable
		static final class QueryRestorer extends io.netty.channel.ChannelOutboundHandlerAdapter {

			static final QueryRestorer INSTANCE = new QueryRestorer();

			@Override
			public void write(io.netty.channel.ChannelHandlerContext context, Object message,
					io.netty.channel.ChannelPromise promise) throws Exception {
				if (message instanceof io.netty.handler.codec.http.HttpRequest request) {
					String query = request.headers().get(WeChatApiQueryHiding.QUERY_HEADER);
					if (query != null) {
						request.headers().remove(WeChatApiQueryHiding.QUERY_HEADER);
						request.setUri(request.uri() + "?" + query);
					}
				}
				super.write(context, message, promise);
			}

		}

	}

}
