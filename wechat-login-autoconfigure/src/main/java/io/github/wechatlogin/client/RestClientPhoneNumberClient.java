package io.github.wechatlogin.client;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * The {@link WeChatPhoneNumberClient} on {@code POST /wxa/business/getuserphonenumber}: the code
 * and the openid of the user in a JSON body, the mini program's access token in the query string.
 * <p>
 * The access token comes from a {@link WeChatApiAccessTokenProvider}. When WeChat refuses it
 * (errcode 40001 or 42001), the token is invalidated and the call is made once more with a fresh
 * one. No other failure is retried. {@code countryCode} is read whether WeChat sends it as a string
 * or as a number.
 *
 * @author wechat-login developers
 */
public final class RestClientPhoneNumberClient extends AbstractRestClientWeChatApiClient
		implements WeChatPhoneNumberClient {

	static final String API = "wxa/business/getuserphonenumber";

	private final WeChatApiAccessTokenProvider accessTokenProvider;

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 * @param accessTokenProvider the provider of access tokens
	 */
	public RestClientPhoneNumberClient(RestClient restClient, WeChatApiAccessTokenProvider accessTokenProvider) {
		super(restClient);
		Assert.notNull(accessTokenProvider, "accessTokenProvider cannot be null");
		this.accessTokenProvider = accessTokenProvider;
	}

	@Override
	public WeChatPhoneNumber getPhoneNumber(WeChatPhoneNumberRequest request) {
		WeChatRegistration registration = request.registration();
		JsonNode answer = callWithAccessToken(this.accessTokenProvider, registration,
				(accessToken) -> call(request, accessToken));
		int errcode = WeChatApiCalls.errcode(answer);
		if (errcode != 0) {
			throw WeChatApiErrors.phoneNumberFailed(API, registration, errcode,
					WeChatApiCalls.text(answer, "errmsg"));
		}
		return phoneNumber(answer);
	}

	private JsonNode call(WeChatPhoneNumberRequest request, String accessToken) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("code", request.code());
		body.put("openid", request.openid());
		return caller().postJson(API, (uri) -> uri.path("/wxa/business/getuserphonenumber")
			.queryParam("access_token", "{accessToken}")
			.build(accessToken), body);
	}

	private static WeChatPhoneNumber phoneNumber(JsonNode answer) {
		JsonNode info = answer.path("phone_info");
		String phoneNumber = WeChatApiCalls.text(info, "phoneNumber");
		String purePhoneNumber = WeChatApiCalls.text(info, "purePhoneNumber");
		JsonNode countryCode = info.get("countryCode");
		String country = null;
		if (countryCode != null && countryCode.isString()) {
			country = countryCode.stringValue();
		}
		else if (countryCode != null && countryCode.isIntegralNumber()) {
			country = Long.toString(countryCode.longValue());
		}
		if (phoneNumber == null || phoneNumber.isEmpty()) {
			throw WeChatApiErrors.failedAfterSending(API, "answered without phone_info.phoneNumber");
		}
		return new WeChatPhoneNumber(phoneNumber, (purePhoneNumber != null) ? purePhoneNumber : phoneNumber,
				(country != null) ? country : "");
	}

}
