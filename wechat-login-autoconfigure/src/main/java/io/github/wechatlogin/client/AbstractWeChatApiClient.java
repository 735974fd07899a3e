package io.github.wechatlogin.client;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.util.Assert;

/**
 * The base of the WeChat API clients of both transports ({@link AbstractRestClientWeChatApiClient},
 * {@link AbstractWebClientWeChatApiClient}): the settings every call shares. Only this package
 * extends it.
 *
 * @author wechat-login developers
 */
public abstract class AbstractWeChatApiClient {

	private final WeChatApiCalls calls = new WeChatApiCalls();

	private Clock clock = Clock.systemUTC();

	AbstractWeChatApiClient() {
	}

	/**
	 * Set the largest answer read from WeChat, in bytes. Defaults to 64 KiB.
	 * @param maxResponseSize the limit
	 */
	public final void setMaxResponseSize(int maxResponseSize) {
		this.calls.setMaxResponseSize(maxResponseSize);
	}

	/**
	 * Set the registry of the observation around each call. Defaults to none.
	 * @param observationRegistry the registry
	 */
	public final void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.calls.setObservationRegistry(observationRegistry);
	}

	/**
	 * Set the clock that dates what an answer says of time: the expiry of an access token, for
	 * the access-token clients (the other clients read no time). Defaults to the system UTC
	 * clock.
	 * @param clock the clock
	 */
	public final void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	final Clock clock() {
		return this.clock;
	}

	final WeChatApiCalls calls() {
		return this.calls;
	}

}
