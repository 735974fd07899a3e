package io.github.wechatlogin.client;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.core.WeChatRegistration;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * A {@link WeChatApiAccessTokenClient} on {@code POST /cgi-bin/stable_token}, which answers the same
 * token until it nears expiry, so that several processes fetching it do not knock each other
 * out. The recommended endpoint.
 *
 * @author wechat-login developers
 */
public final class RestClientStableTokenClient implements WeChatApiAccessTokenClient {

	private static final String API = "cgi-bin/stable_token";

	private final WeChatApiCaller caller;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 */
	public RestClientStableTokenClient(RestClient restClient) {
		this.caller = new WeChatApiCaller(restClient);
	}

	/**
	 * Set the clock that dates the token's expiry. Defaults to the system UTC clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set the registry of the observation around each call. Defaults to none.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.caller.setObservationRegistry(observationRegistry);
	}

	@Override
	public WeChatApiAccessToken fetch(WeChatRegistration registration, boolean forceRefresh) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("grant_type", "client_credential");
		body.put("appid", registration.getAppId());
		body.put("secret", registration.getSecret());
		body.put("force_refresh", forceRefresh);
		JsonNode answer = this.caller.postJson(API, (uri) -> uri.path("/cgi-bin/stable_token").build(), body);
		return WeChatApiAccessTokenAnswers.read(API, registration, answer, this.clock);
	}

}
