package io.github.wechatlogin.client;

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
 * @see WebClientCode2VerifyInfoExchanger
 */
public final class RestClientCode2VerifyInfoExchanger extends AbstractRestClientWeChatApiClient
		implements WeChatCodeExchanger {

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
		return Code2VerifyInfoApi.identity(request.registration(),
				callWithAccessToken(this.accessTokenProvider, request.registration(),
						(accessToken) -> caller().execute(Code2VerifyInfoApi.request(request, accessToken))));
	}

}
