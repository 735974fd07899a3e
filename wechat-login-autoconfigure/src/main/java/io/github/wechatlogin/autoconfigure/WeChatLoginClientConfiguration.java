package io.github.wechatlogin.autoconfigure;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import io.github.wechatlogin.client.AbstractWeChatApiClient;
import io.github.wechatlogin.client.CachingWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.DelegatingWeChatCodeExchanger;
import io.github.wechatlogin.client.RestClientClassicTokenClient;
import io.github.wechatlogin.client.RestClientCode2VerifyInfoExchanger;
import io.github.wechatlogin.client.RestClientJsCode2SessionExchanger;
import io.github.wechatlogin.client.RestClientPhoneNumberClient;
import io.github.wechatlogin.client.RestClientStableTokenClient;
import io.github.wechatlogin.client.WeChatApiAccessTokenClient;
import io.github.wechatlogin.client.WeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatPhoneNumberClient;
import io.github.wechatlogin.core.WeChatAppType;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * The WeChat API client: its {@code RestClient}, the access-token client and provider (shared by
 * both application types: {@code code2verifyinfo} and {@code getuserphonenumber}), the code
 * exchanger and the phone number client.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
class WeChatLoginClientConfiguration {

	static final String APACHE_HTTP_CLIENT = "org.apache.hc.client5.http.impl.classic.HttpClients";

	/**
	 * The request factory of the WeChat API's client: the JDK {@code HttpClient} (or, with
	 * {@code wechat.login.client.http-client=apache}, Apache HttpClient 5) with HTTP/1.1,
	 * no redirects and the configured timeouts, created on first use or just after start-up (see
	 * {@link WeChatLoginWarmUp}). Not a default candidate, so never injected where the
	 * application asks for a {@code ClientHttpRequestFactory}.
	 */
	@Bean(name = WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = { WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME,
			WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME })
	ClientHttpRequestFactory weChatApiClientHttpRequestFactory(WeChatLoginProperties properties,
			ConfigurableListableBeanFactory beanFactory) {
		return weChatApiClientHttpRequestFactory(properties, beanFactory.getBeanClassLoader());
	}

	ClientHttpRequestFactory weChatApiClientHttpRequestFactory(WeChatLoginProperties properties) {
		return weChatApiClientHttpRequestFactory(properties, WeChatLoginClientConfiguration.class.getClassLoader());
	}

	private ClientHttpRequestFactory weChatApiClientHttpRequestFactory(WeChatLoginProperties properties,
			@Nullable ClassLoader classLoader) {
		WeChatLoginProperties.Client client = properties.getClient();
		Duration connectTimeout = positive(client.getConnectTimeout(), "wechat.login.client.connect-timeout");
		Duration readTimeout = positive(client.getReadTimeout(), "wechat.login.client.read-timeout");
		if (client.getHttpClient() == WeChatLoginProperties.HttpClientType.APACHE) {
			if (!ClassUtils.isPresent(APACHE_HTTP_CLIENT, classLoader)) {
				throw new WeChatLoginConfigurationException(
						"wechat.login.client.http-client is apache, but Apache HttpClient 5 is not on the classpath.",
						"Add org.apache.httpcomponents.client5:httpclient5 (its version from Spring Boot's "
								+ "dependency management), or remove wechat.login.client.http-client to use the JDK's "
								+ "HttpClient.");
			}
			return new DeferredClientHttpRequestFactory(() -> ApacheTransport.create(connectTimeout, readTimeout));
		}
		return new DeferredClientHttpRequestFactory(() -> {
			BlockingJdkClientHttpRequestFactory jdk = new BlockingJdkClientHttpRequestFactory(
					weChatApiHttpClient(connectTimeout));
			jdk.setReadTimeout(readTimeout);
			return jdk;
		});
	}

	@Bean(name = WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME)
	RestClient weChatApiRestClient(WeChatLoginProperties properties,
			@Qualifier(WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME) ClientHttpRequestFactory requestFactory,
			ObjectProvider<WeChatApiRestClientCustomizer> customizers) {
		RestClient.Builder builder = RestClient.builder()
			.baseUrl(properties.getApiBaseUrl())
			.requestFactory(requestFactory);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatApiAccessTokenClient weChatApiAccessTokenClient(WeChatLoginProperties properties,
			@Qualifier(WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME) RestClient restClient,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		ObservationRegistry registry = observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP);
		return switch (properties.getClient().getAccessTokenEndpoint()) {
			case STABLE -> {
				RestClientStableTokenClient client = new RestClientStableTokenClient(restClient);
				client.setObservationRegistry(registry);
				yield client;
			}
			case CLASSIC -> {
				RestClientClassicTokenClient client = new RestClientClassicTokenClient(restClient);
				client.setObservationRegistry(registry);
				yield client;
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean(WeChatApiAccessTokenProvider.class)
	CachingWeChatApiAccessTokenProvider weChatApiAccessTokenProvider(WeChatLoginProperties properties,
			WeChatApiAccessTokenClient accessTokenClient) {
		WeChatLoginProperties.Client client = properties.getClient();
		CachingWeChatApiAccessTokenProvider provider = new CachingWeChatApiAccessTokenProvider(accessTokenClient);
		provider.setRefreshBeforeExpiry(client.getAccessTokenRefreshMargin());
		provider.setFailureBackoff(client.getAccessTokenFailureBackoff());
		provider.setMaxWait(client.getConnectTimeout().plus(client.getReadTimeout()).multipliedBy(2));
		return provider;
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatCodeExchanger weChatCodeExchanger(WeChatLoginProperties properties,
			@Qualifier(WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME) RestClient restClient,
			ObjectProvider<WeChatApiAccessTokenProvider> accessTokenProvider,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		RestClientJsCode2SessionExchanger miniProgram = configured(new RestClientJsCode2SessionExchanger(restClient),
				properties, observationRegistry);
		RestClientCode2VerifyInfoExchanger multiApp = configured(
				new RestClientCode2VerifyInfoExchanger(restClient, accessTokenProvider.getObject()), properties,
				observationRegistry);
		return new DelegatingWeChatCodeExchanger(
				Map.of(WeChatAppType.MINI_PROGRAM, miniProgram, WeChatAppType.MULTI_APP, multiApp));
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatPhoneNumberClient weChatPhoneNumberClient(WeChatLoginProperties properties,
			@Qualifier(WeChatLoginAutoConfiguration.REST_CLIENT_BEAN_NAME) RestClient restClient,
			ObjectProvider<WeChatApiAccessTokenProvider> accessTokenProvider,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return configured(new RestClientPhoneNumberClient(restClient, accessTokenProvider.getObject()), properties,
				observationRegistry);
	}

	/**
	 * Give a WeChat API client the configured answer size limit and the observation registry.
	 */
	static <T extends AbstractWeChatApiClient> T configured(T client, WeChatLoginProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		client.setMaxResponseSize(
				(int) Math.min(Integer.MAX_VALUE - 1, properties.getClient().getMaxResponseSize().toBytes()));
		client.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		return client;
	}

	/**
	 * The JDK {@code HttpClient} of the WeChat API (of both stacks when the reactive one has no
	 * Reactor Netty): HTTP/1.1, no redirects, the connect timeout.
	 */
	static HttpClient weChatApiHttpClient(Duration connectTimeout) {
		return HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	static Duration positive(Duration timeout, String property) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new WeChatLoginConfigurationException(property + " is " + timeout + ".",
					"Set " + property + " to a positive duration, such as 2s.");
		}
		return timeout;
	}

	/**
	 * Creates the Apache HttpClient 5 transport, in a class of its own so that the configuration
	 * loads without httpclient5.
	 */
	private static final class ApacheTransport {

		static ClientHttpRequestFactory create(Duration connectTimeout, Duration readTimeout) {
			return new ApacheClientHttpRequestFactory(connectTimeout, readTimeout);
		}

	}

}
