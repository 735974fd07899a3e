package io.github.wechatlogin.autoconfigure;

import java.time.Duration;

import org.springframework.http.client.ClientHttpRequestFactory;

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

}
