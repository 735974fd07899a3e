package io.github.wechatlogin.autoconfigure;

import org.springframework.web.client.RestClient;

/**
 * Customizes the {@link RestClient.Builder} of the client that calls the WeChat API, for example
 * to add a proxy or an interceptor. Interceptors must not log request URLs: WeChat takes the
 * app secret in the query string.
 *
 * @author wechat-login developers
 */
@FunctionalInterface
public interface WeChatApiRestClientCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder, with the base URL and request factory set
	 */
	void customize(RestClient.Builder builder);

}
