package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

/**
 * The {@link WeChatCodeExchanger} for classic mini programs: redeems a {@code wx.login} code with
 * {@code GET /sns/jscode2session}.
 * <p>
 * The {@link RestClient} must have the WeChat API base URL and the timeouts set. Every parameter
 * is URL-encoded; the call is never retried.
 *
 * @author wechat-login developers
 */
public final class RestClientJsCode2SessionExchanger extends AbstractRestClientWeChatApiClient
		implements WeChatCodeExchanger {

	private static final String API = "sns/jscode2session";

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 */
	public RestClientJsCode2SessionExchanger(RestClient restClient) {
		super(restClient);
	}

	@Override
	public WeChatIdentity exchange(WeChatCodeExchangeRequest request) {
		WeChatRegistration registration = request.registration();
		JsonNode answer = caller().get(API, (uri) -> uri.path("/sns/jscode2session")
			.queryParam("appid", "{appid}")
			.queryParam("secret", "{secret}")
			.queryParam("js_code", "{code}")
			.queryParam("grant_type", "authorization_code")
			.build(registration.getAppId(), registration.getSecret(), request.code()));
		int errcode = WeChatApiCaller.errcode(answer);
		if (errcode != 0) {
			throw WeChatApiErrors.exchangeFailed(API, registration, errcode, WeChatApiCaller.text(answer, "errmsg"));
		}
		String openid = WeChatApiCaller.text(answer, "openid");
		if (openid == null || openid.isEmpty()) {
			throw WeChatApiErrors.failedAfterSending(API, "answered without an openid");
		}
		return WeChatIdentity.builder()
			.openid(openid)
			.unionid(WeChatApiCaller.text(answer, "unionid"))
			.sessionKey(WeChatApiCaller.text(answer, "session_key"))
			.loginType(WeChatIdentity.LOGIN_TYPE_MINI_PROGRAM)
			.build();
	}

}
