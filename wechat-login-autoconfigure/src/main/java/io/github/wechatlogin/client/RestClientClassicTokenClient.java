package io.github.wechatlogin.client;

import java.time.Clock;

import io.github.wechatlogin.core.WeChatRegistration;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * A {@link WeChatApiAccessTokenClient} on the classic {@code GET /cgi-bin/token}. Every fetch
 * invalidates the app's previous token, so use it only when this server is the app's sole
 * token consumer; prefer {@link RestClientStableTokenClient}.
 *
 * @author wechat-login developers
 */
public final class RestClientClassicTokenClient implements WeChatApiAccessTokenClient {

	private static final String API = "cgi-bin/token";

	private final WeChatApiCaller caller;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 */
	public RestClientClassicTokenClient(RestClient restClient) {
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
		JsonNode answer = this.caller.get(API, (uri) -> uri.path("/cgi-bin/token")
			.queryParam("grant_type", "client_credential")
			.queryParam("appid", "{appid}")
			.queryParam("secret", "{secret}")
			.build(registration.getAppId(), registration.getSecret()));
		return WeChatApiAccessTokenAnswers.read(API, registration, answer, this.clock);
	}

}
