package io.github.wechatlogin.client;

import java.time.Clock;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * The base of the {@link RestClient} implementations of {@link WeChatApiAccessTokenClient}: they
 * differ only in the call they make; the answer is read the same way. Only this package extends
 * it.
 *
 * @author wechat-login developers
 */
public abstract class AbstractRestClientWeChatApiAccessTokenClient extends AbstractRestClientWeChatApiClient
		implements WeChatApiAccessTokenClient {

	private final String api;

	private Clock clock = Clock.systemUTC();

	AbstractRestClientWeChatApiAccessTokenClient(RestClient restClient, String api) {
		super(restClient);
		this.api = api;
	}

	/**
	 * Set the clock that dates the token's expiry. Defaults to the system UTC clock.
	 * @param clock the clock
	 */
	public final void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public final WeChatApiAccessToken fetch(WeChatRegistration registration, boolean forceRefresh) {
		return WeChatApiAccessTokenAnswers.read(this.api, registration, call(registration, forceRefresh), this.clock);
	}

	/**
	 * Ask WeChat for the registration's access token.
	 * @param registration the registration
	 * @param forceRefresh whether to ask for a new token rather than the current one
	 * @return WeChat's answer
	 */
	abstract JsonNode call(WeChatRegistration registration, boolean forceRefresh);

}
