package io.github.wechatlogin.autoconfigure;

import java.time.Duration;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.Assert;

/**
 * The request factory of the {@code weChatApiClientHttpRequestFactory} bean, made by the
 * auto-configuration's own bean method, for the client tests of other packages (the
 * configuration and its blocking factory are package-private).
 */
public final class WeChatApiTestRequestFactory {

	private WeChatApiTestRequestFactory() {
	}

	/**
	 * Create the request factory that the starter uses with the given timeouts.
	 * @param connectTimeout the value of {@code wechat.login.client.connect-timeout}
	 * @param readTimeout the value of {@code wechat.login.client.read-timeout}
	 * @return the request factory
	 */
	public static ClientHttpRequestFactory create(Duration connectTimeout, Duration readTimeout) {
		WeChatLoginProperties properties = new WeChatLoginProperties();
		properties.getClient().setConnectTimeout(connectTimeout);
		properties.getClient().setReadTimeout(readTimeout);
		return new WeChatLoginClientConfiguration().weChatApiClientHttpRequestFactory(properties);
	}

	/**
	 * Create the request factory that the starter uses with
	 * {@code wechat.login.client.http-client=apache} and the given timeouts.
	 * @param connectTimeout the value of {@code wechat.login.client.connect-timeout}
	 * @param readTimeout the value of {@code wechat.login.client.read-timeout}
	 * @return the request factory
	 */
	public static ClientHttpRequestFactory createApache(Duration connectTimeout, Duration readTimeout) {
		WeChatLoginProperties properties = new WeChatLoginProperties();
		properties.getClient().setConnectTimeout(connectTimeout);
		properties.getClient().setReadTimeout(readTimeout);
		properties.getClient().setHttpClient(WeChatLoginProperties.HttpClientType.APACHE);
		return new WeChatLoginClientConfiguration().weChatApiClientHttpRequestFactory(properties);
	}

	/**
	 * Create the Apache HttpClient 5 transport with a pool of the given size.
	 * @param connectTimeout the connect timeout (and the wait for a pooled connection)
	 * @param readTimeout the read timeout
	 * @param maxConnections the size of the pool
	 * @return the request factory, to close
	 */
	public static ClientHttpRequestFactory createApache(Duration connectTimeout, Duration readTimeout,
			int maxConnections) {
		return new ApacheClientHttpRequestFactory(connectTimeout, readTimeout, maxConnections);
	}

	/**
	 * The connections the Apache transport has leased.
	 * @param factory a factory of {@link #createApache(Duration, Duration, int)}
	 * @return the leased connections
	 */
	public static int leasedConnections(ClientHttpRequestFactory factory) {
		return ((ApacheClientHttpRequestFactory) factory).leasedConnections();
	}

	/**
	 * Whether the starter's request factory bean sends with Apache HttpClient 5 (creating its
	 * client if not done yet).
	 * @param bean the {@code weChatApiClientHttpRequestFactory} bean
	 * @return {@code true} for Apache HttpClient 5, {@code false} for the JDK's client
	 */
	public static boolean isApache(ClientHttpRequestFactory bean) {
		ClientHttpRequestFactory factory = ((DeferredClientHttpRequestFactory) bean).delegate();
		Assert.state(factory instanceof ApacheClientHttpRequestFactory
				|| factory instanceof BlockingJdkClientHttpRequestFactory, "Unknown transport " + factory);
		return factory instanceof ApacheClientHttpRequestFactory;
	}

}
