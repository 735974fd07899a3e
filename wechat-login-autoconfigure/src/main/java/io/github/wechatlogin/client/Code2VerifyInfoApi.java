package io.github.wechatlogin.client;

import java.util.Map;

import io.github.wechatlogin.core.WeChatRegistration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /donut/code2verifyinfo}, whatever carries it: the request (every parameter in the
 * query string, URL-encoded, the secret as {@code appsecret}) and the reading of the answer into
 * a {@link WeChatIdentity}.
 *
 * @author wechat-login developers
 */
final class Code2VerifyInfoApi {

	static final String API = "donut/code2verifyinfo";

	private static final JsonMapper JSON = JsonMapper.shared();

	private Code2VerifyInfoApi() {
	}

	static WeChatApiRequest request(WeChatCodeExchangeRequest request, String accessToken) {
		WeChatRegistration registration = request.registration();
		return WeChatApiRequest.get(API, (uri) -> uri.path("/donut/code2verifyinfo")
			.queryParam("access_token", "{accessToken}")
			.queryParam("appid", "{appid}")
			.queryParam("appsecret", "{appsecret}")
			.queryParam("code", "{code}")
			.queryParam("grant_type", "authorization_code")
			.build(accessToken, registration.getAppId(), registration.getSecret(), request.code()));
	}

	/**
	 * Read the last answer (after any retry with a fresh access token).
	 */
	static WeChatIdentity identity(WeChatRegistration registration, JsonNode answer) {
		int errcode = WeChatApiCalls.errcode(answer);
		if (errcode != 0) {
			throw WeChatApiErrors.exchangeFailed(API, registration, errcode, WeChatApiCalls.text(answer, "errmsg"));
		}
		JsonNode loginInfo = answer.path("login_info");
		JsonNode userInfo = answer.path("user_info");
		String loginType = WeChatApiCalls.text(loginInfo, "type");
		String userId = WeChatApiCalls.text(userInfo, "user_id");
		if (loginType == null || loginType.isEmpty() || userId == null || userId.isEmpty()) {
			throw WeChatApiErrors.failedAfterSending(API, "answered without login_info.type or user_info.user_id");
		}
		JsonNode miniProgram = userInfo.path("miniprogram_info");
		JsonNode openApp = userInfo.path("openapp_info");
		JsonNode primary = "weixinApp".equals(loginType) ? openApp : miniProgram;
		JsonNode secondary = (primary == openApp) ? miniProgram : openApp;
		WeChatIdentity.Builder identity = WeChatIdentity.builder()
			.loginType(loginType)
			.userId(userId)
			.openid(firstText(primary, secondary, "openid"))
			.unionid(firstText(primary, secondary, "unionid"))
			.phone(WeChatApiCalls.text(userInfo.path("phone_info"), "phone"));
		JsonNode loginTime = loginInfo.get("login_time");
		if (loginTime != null && loginTime.isIntegralNumber()) {
			identity.attribute("login_time", loginTime.longValue());
		}
		for (Map.Entry<String, JsonNode> info : userInfo.properties()) {
			if (info.getValue().isObject()) {
				identity.attribute(info.getKey(), JSON.convertValue(info.getValue(), Map.class));
			}
		}
		return identity.build();
	}

	private static @Nullable String firstText(JsonNode primary, JsonNode secondary, String name) {
		String value = WeChatApiCalls.text(primary, name);
		return (value != null && !value.isEmpty()) ? value : WeChatApiCalls.text(secondary, name);
	}

}
