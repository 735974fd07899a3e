package io.github.wechatlogin.client;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.web.client.RestClient;

/**
 * The base of the {@link RestClient} implementations of the WeChat API strategies: each call
 * goes through one caller that reads the JSON answer whatever its content type, up to a size
 * limit, inside an observation, and turns failures into {@link WeChatApiException}s that name
 * neither the URL nor its parameters. Only this package extends it.
 *
 * @author wechat-login developers
 */
public abstract class AbstractRestClientWeChatApiClient {

	private final WeChatApiCaller caller;

	AbstractRestClientWeChatApiClient(RestClient restClient) {
		this.caller = new WeChatApiCaller(restClient);
	}

	/**
	 * Set the largest answer read from WeChat, in bytes. Defaults to 64 KiB.
	 * @param maxResponseSize the limit
	 */
	public final void setMaxResponseSize(int maxResponseSize) {
		this.caller.setMaxResponseSize(maxResponseSize);
	}

	/**
	 * Set the registry of the observation around each call. Defaults to none.
	 * @param observationRegistry the registry
	 */
	public final void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.caller.setObservationRegistry(observationRegistry);
	}

	final WeChatApiCaller caller() {
		return this.caller;
	}

}
