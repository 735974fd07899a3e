package io.github.wechatlogin.autoconfigure;

import java.time.Duration;

import io.github.wechatlogin.client.AbstractWebClientWeChatApiClient;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@code weChatApiWebClient} bean and the settings of the reactive clients, made by the
 * reactive configuration's own code, for the client tests of other packages (the configuration
 * is package-private).
 */
public final class WeChatApiTestWebClient {

	private WeChatApiTestWebClient() {
	}

	/**
	 * Create the {@code WebClient} that the starter uses with the given timeouts.
	 * @param baseUrl the value of {@code wechat.login.api-base-url}
	 * @param connectTimeout the value of {@code wechat.login.client.connect-timeout}
	 * @param readTimeout the value of {@code wechat.login.client.read-timeout}
	 * @return the client
	 */
	public static WebClient create(String baseUrl, Duration connectTimeout, Duration readTimeout) {
		WeChatLoginReactiveClientConfiguration configuration = new WeChatLoginReactiveClientConfiguration();
		WeChatLoginProperties properties = properties(baseUrl, connectTimeout, readTimeout);
		return configuration.weChatApiWebClient(properties, configuration.weChatApiWebClientConnector(properties));
	}

	/**
	 * Create the {@code WebClient} that the starter uses, on Reactor Netty, with a connection
	 * pool of the given size.
	 * @param baseUrl the value of {@code wechat.login.api-base-url}
	 * @param connectTimeout the value of {@code wechat.login.client.connect-timeout}
	 * @param readTimeout the value of {@code wechat.login.client.read-timeout}
	 * @param maxConnections the most connections of the pool
	 * @param maxPendingAcquires the most calls waiting for a connection
	 * @return the client
	 */
	public static WebClient createPooled(String baseUrl, Duration connectTimeout, Duration readTimeout,
			int maxConnections, int maxPendingAcquires) {
		return WeChatLoginReactiveClientConfiguration.webClient(baseUrl,
				WeChatLoginReactiveClientConfiguration.ReactorNettyConnectors
					.create(connectTimeout, readTimeout, maxConnections, maxPendingAcquires)
					.connector());
	}

	/**
	 * Create the {@code WebClient} that the starter uses without Reactor Netty (the JDK
	 * {@code HttpClient}) with the given timeouts.
	 * @param baseUrl the value of {@code wechat.login.api-base-url}
	 * @param connectTimeout the value of {@code wechat.login.client.connect-timeout}
	 * @param readTimeout the value of {@code wechat.login.client.read-timeout}
	 * @return the client
	 */
	public static WebClient createJdk(String baseUrl, Duration connectTimeout, Duration readTimeout) {
		return WeChatLoginReactiveClientConfiguration.webClient(baseUrl, WeChatApiQueryHiding
			.connector(WeChatLoginReactiveClientConfiguration.jdkConnector(connectTimeout, readTimeout), false));
	}

	/**
	 * Configure a reactive client as the starter does (size limit, whole-call timeout).
	 * @param <T> the type of the client
	 * @param client the client
	 * @param connectTimeout the value of {@code wechat.login.client.connect-timeout}
	 * @param readTimeout the value of {@code wechat.login.client.read-timeout}
	 * @return the client
	 */
	public static <T extends AbstractWebClientWeChatApiClient> T configured(T client, Duration connectTimeout,
			Duration readTimeout) {
		return WeChatLoginReactiveClientConfiguration.configured(client,
				properties("http://unused", connectTimeout, readTimeout),
				new DefaultListableBeanFactory().getBeanProvider(ObservationRegistry.class));
	}

	/**
	 * The header that carries the hidden query to Reactor Netty's pipeline (it must never leave
	 * the process, nor be logged).
	 * @return the header's name
	 */
	public static String hiddenQueryHeader() {
		return WeChatApiQueryHiding.QUERY_HEADER;
	}

	private static WeChatLoginProperties properties(String baseUrl, Duration connectTimeout, Duration readTimeout) {
		WeChatLoginProperties properties = new WeChatLoginProperties();
		properties.setApiBaseUrl(baseUrl);
		properties.getClient().setConnectTimeout(connectTimeout);
		properties.getClient().setReadTimeout(readTimeout);
		return properties;
	}

}
