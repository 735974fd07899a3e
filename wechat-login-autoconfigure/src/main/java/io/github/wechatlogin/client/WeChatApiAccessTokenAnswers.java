package io.github.wechatlogin.client;

import java.time.Clock;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

/**
 * Reads the answer of a WeChat access-token endpoint.
 *
 * @author wechat-login developers
 */
final class WeChatApiAccessTokenAnswers {

	private WeChatApiAccessTokenAnswers() {
	}

	static WeChatApiAccessToken read(String api, WeChatRegistration registration, JsonNode answer, Clock clock) {
		int errcode = WeChatApiCalls.errcode(answer);
		if (errcode != 0) {
			throw WeChatApiErrors.tokenFailed(api, registration, errcode, WeChatApiCalls.text(answer, "errmsg"));
		}
		String value = WeChatApiCalls.text(answer, "access_token");
		JsonNode expiresIn = answer.get("expires_in");
		if (value == null || value.isEmpty() || expiresIn == null || !expiresIn.isIntegralNumber()
				|| expiresIn.longValue() <= 0) {
			throw WeChatApiErrors.unavailable(api, null, "answered without access_token or expires_in");
		}
		return new WeChatApiAccessToken(value, clock.instant().plusSeconds(expiresIn.longValue()));
	}

}
