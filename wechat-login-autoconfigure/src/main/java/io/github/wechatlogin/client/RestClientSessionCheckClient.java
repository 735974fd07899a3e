package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * The {@link WeChatSessionCheckClient} on {@code GET /wxa/checksession}: the mini program's
 * access token, the openid, the signature and {@code sig_method=hmac_sha256} in the query
 * string. Errcode 87009 (the key is no longer valid) and 40003 (the openid is not one of this app's:
 * a key kept from before the registration's app id changed) answer {@code false}: the user's key
 * cannot be used, and a new login answers a usable one.
 * <p>
 * The access token comes from a {@link WeChatApiAccessTokenProvider}. When WeChat refuses it
 * (errcode 40001 or 42001), the token is invalidated and the call is made once more with a fresh
 * one; the call changes nothing at WeChat, so that retry is safe. No other failure is retried.
 *
 * @author wechat-login developers
 */
public final class RestClientSessionCheckClient extends AbstractRestClientWeChatApiClient
		implements WeChatSessionCheckClient {

	static final String API = "wxa/checksession";

	static final int INVALID_SESSION_KEY = 87009;

	static final int INVALID_OPENID = 40003;

	private final WeChatApiAccessTokenProvider accessTokenProvider;

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 * @param accessTokenProvider the provider of access tokens
	 */
	public RestClientSessionCheckClient(RestClient restClient, WeChatApiAccessTokenProvider accessTokenProvider) {
		super(restClient);
		Assert.notNull(accessTokenProvider, "accessTokenProvider cannot be null");
		this.accessTokenProvider = accessTokenProvider;
	}

	@Override
	public boolean checkSession(WeChatRegistration registration, String openid, String signature) {
		Assert.notNull(registration, "registration cannot be null");
		Assert.hasText(openid, "openid cannot be empty");
		Assert.hasText(signature, "signature cannot be empty");
		JsonNode answer = callWithAccessToken(this.accessTokenProvider, registration,
				(accessToken) -> call(accessToken, openid, signature));
		int errcode = WeChatApiCalls.errcode(answer);
		if (errcode == INVALID_SESSION_KEY || errcode == INVALID_OPENID) {
			return false;
		}
		if (errcode != 0) {
			throw WeChatApiErrors.sessionCheckFailed(API, registration, errcode, WeChatApiCalls.text(answer, "errmsg"));
		}
		return true;
	}

	private JsonNode call(String accessToken, String openid, String signature) {
		return caller().get(API, (uri) -> uri.path("/wxa/checksession")
			.queryParam("access_token", "{accessToken}")
			.queryParam("openid", "{openid}")
			.queryParam("signature", "{signature}")
			.queryParam("sig_method", "hmac_sha256")
			.build(accessToken, openid, signature));
	}

}
