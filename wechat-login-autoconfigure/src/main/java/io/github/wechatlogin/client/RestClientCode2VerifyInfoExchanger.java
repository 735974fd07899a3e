package io.github.wechatlogin.client;

import java.util.Map;

import io.github.wechatlogin.core.WeChatRegistration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * The {@link WeChatCodeExchanger} for multi-terminal applications (多端应用): redeems a code from
 * {@code wx.weixinMiniProgramLogin}, {@code wx.weixinAppLogin}, phone or Apple login with
 * {@code GET /donut/code2verifyinfo}, every parameter in the query string.
 * <p>
 * The access token comes from a {@link WeChatApiAccessTokenProvider}. When WeChat refuses it
 * (errcode 40001 or 42001, which it answers before looking at the code), the token is
 * invalidated and the call is made once more with a fresh one. No other failure is retried.
 *
 * @author wechat-login developers
 */
public final class RestClientCode2VerifyInfoExchanger extends AbstractRestClientWeChatApiClient
		implements WeChatCodeExchanger {

	private static final String API = "donut/code2verifyinfo";

	private static final JsonMapper JSON = JsonMapper.shared();

	private final WeChatApiAccessTokenProvider accessTokenProvider;

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 * @param accessTokenProvider the provider of access tokens
	 */
	public RestClientCode2VerifyInfoExchanger(RestClient restClient, WeChatApiAccessTokenProvider accessTokenProvider) {
		super(restClient);
		Assert.notNull(accessTokenProvider, "accessTokenProvider cannot be null");
		this.accessTokenProvider = accessTokenProvider;
	}

	@Override
	public WeChatIdentity exchange(WeChatCodeExchangeRequest request) {
		WeChatRegistration registration = request.registration();
		JsonNode answer = callWithAccessToken(this.accessTokenProvider, registration,
				(accessToken) -> call(request, accessToken));
		int errcode = WeChatApiCaller.errcode(answer);
		if (errcode != 0) {
			throw WeChatApiErrors.exchangeFailed(API, registration, errcode, WeChatApiCaller.text(answer, "errmsg"));
		}
		return identity(answer);
	}

	private JsonNode call(WeChatCodeExchangeRequest request, String accessToken) {
		WeChatRegistration registration = request.registration();
		return caller().get(API, (uri) -> uri.path("/donut/code2verifyinfo")
			.queryParam("access_token", "{accessToken}")
			.queryParam("appid", "{appid}")
			.queryParam("appsecret", "{appsecret}")
			.queryParam("code", "{code}")
			.queryParam("grant_type", "authorization_code")
			.build(accessToken, registration.getAppId(), registration.getSecret(), request.code()));
	}

	private static WeChatIdentity identity(JsonNode answer) {
		JsonNode loginInfo = answer.path("login_info");
		JsonNode userInfo = answer.path("user_info");
		String loginType = WeChatApiCaller.text(loginInfo, "type");
		String userId = WeChatApiCaller.text(userInfo, "user_id");
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
			.phone(WeChatApiCaller.text(userInfo.path("phone_info"), "phone"));
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
		String value = WeChatApiCaller.text(primary, name);
		return (value != null && !value.isEmpty()) ? value : WeChatApiCaller.text(secondary, name);
	}

}
