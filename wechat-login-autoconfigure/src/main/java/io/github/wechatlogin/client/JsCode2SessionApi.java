package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /sns/jscode2session}, whatever carries it: the request (every parameter in the
 * query string, URL-encoded) and the reading of the answer.
 *
 * @author wechat-login developers
 */
final class JsCode2SessionApi {

	static final String API = "sns/jscode2session";

	private JsCode2SessionApi() {
	}

	static WeChatApiRequest request(WeChatCodeExchangeRequest request) {
		WeChatRegistration registration = request.registration();
		return WeChatApiRequest.get(API, (uri) -> uri.path("/sns/jscode2session")
			.queryParam("appid", "{appid}")
			.queryParam("secret", "{secret}")
			.queryParam("js_code", "{code}")
			.queryParam("grant_type", "authorization_code")
			.build(registration.getAppId(), registration.getSecret(), request.code()));
	}

	static WeChatIdentity identity(WeChatRegistration registration, JsonNode answer) {
		int errcode = WeChatApiCalls.errcode(answer);
		if (errcode != 0) {
			throw WeChatApiErrors.exchangeFailed(API, registration, errcode, WeChatApiCalls.text(answer, "errmsg"));
		}
		String openid = WeChatApiCalls.text(answer, "openid");
		if (openid == null || openid.isEmpty()) {
			throw WeChatApiErrors.failedAfterSending(API, "answered without an openid");
		}
		return WeChatIdentity.builder()
			.openid(openid)
			.unionid(WeChatApiCalls.text(answer, "unionid"))
			.sessionKey(WeChatApiCalls.text(answer, "session_key"))
			.loginType(WeChatIdentity.LOGIN_TYPE_MINI_PROGRAM)
			.build();
	}

}
