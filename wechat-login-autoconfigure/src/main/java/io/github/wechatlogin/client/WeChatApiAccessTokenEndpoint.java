package io.github.wechatlogin.client;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

/**
 * The two WeChat access-token endpoints, whatever carries them: the request of each and the
 * reading of their (common) answer.
 *
 * @author wechat-login developers
 */
enum WeChatApiAccessTokenEndpoint {

	/**
	 * {@code POST /cgi-bin/stable_token}, the JSON body holding the secret.
	 */
	STABLE("cgi-bin/stable_token") {

		@Override
		WeChatApiRequest request(WeChatRegistration registration, boolean forceRefresh) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("grant_type", "client_credential");
			body.put("appid", registration.getAppId());
			body.put("secret", registration.getSecret());
			body.put("force_refresh", forceRefresh);
			return WeChatApiRequest.postJson(api(), (uri) -> uri.path("/cgi-bin/stable_token").build(), body);
		}

	},

	/**
	 * The classic {@code GET /cgi-bin/token}, which has no forced refresh (every fetch is one).
	 */
	CLASSIC("cgi-bin/token") {

		@Override
		WeChatApiRequest request(WeChatRegistration registration, boolean forceRefresh) {
			return WeChatApiRequest.get(api(), (uri) -> uri.path("/cgi-bin/token")
				.queryParam("grant_type", "client_credential")
				.queryParam("appid", "{appid}")
				.queryParam("secret", "{secret}")
				.build(registration.getAppId(), registration.getSecret()));
		}

	};

	private final String api;

	WeChatApiAccessTokenEndpoint(String api) {
		this.api = api;
	}

	final String api() {
		return this.api;
	}

	abstract WeChatApiRequest request(WeChatRegistration registration, boolean forceRefresh);

	final WeChatApiAccessToken read(WeChatRegistration registration, JsonNode answer, Clock clock) {
		return WeChatApiAccessTokenAnswers.read(this.api, registration, answer, clock);
	}

}
