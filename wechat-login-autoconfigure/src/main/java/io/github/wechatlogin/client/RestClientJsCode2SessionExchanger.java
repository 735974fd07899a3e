package io.github.wechatlogin.client;

import org.springframework.web.client.RestClient;

/**
 * The {@link WeChatCodeExchanger} for classic mini programs: redeems a {@code wx.login} code with
 * {@code GET /sns/jscode2session}.
 * <p>
 * The {@link RestClient} must have the WeChat API base URL and the timeouts set. Every parameter
 * is URL-encoded; the call is never retried.
 *
 * @author wechat-login developers
 * @see WebClientJsCode2SessionExchanger
 */
public final class RestClientJsCode2SessionExchanger extends AbstractRestClientWeChatApiClient
		implements WeChatCodeExchanger {

	/**
	 * Create a new instance.
	 * @param restClient the client, with the WeChat API base URL and timeouts set
	 */
	public RestClientJsCode2SessionExchanger(RestClient restClient) {
		super(restClient);
	}

	@Override
	public WeChatIdentity exchange(WeChatCodeExchangeRequest request) {
		return JsCode2SessionApi.identity(request.registration(),
				caller().execute(JsCode2SessionApi.request(request)));
	}

}
