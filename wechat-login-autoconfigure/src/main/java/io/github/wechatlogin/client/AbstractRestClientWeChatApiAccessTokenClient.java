package io.github.wechatlogin.client;

import io.github.wechatlogin.core.WeChatRegistration;

import org.springframework.web.client.RestClient;

/**
 * The base of the {@link RestClient} implementations of {@link WeChatApiAccessTokenClient}: they
 * differ only in the endpoint they call; the answer is read the same way. Only this package
 * extends it.
 *
 * @author wechat-login developers
 */
public abstract class AbstractRestClientWeChatApiAccessTokenClient extends AbstractRestClientWeChatApiClient
		implements WeChatApiAccessTokenClient {

	private final WeChatApiAccessTokenEndpoint endpoint;

	AbstractRestClientWeChatApiAccessTokenClient(RestClient restClient, WeChatApiAccessTokenEndpoint endpoint) {
		super(restClient);
		this.endpoint = endpoint;
	}

	@Override
	public final WeChatApiAccessToken fetch(WeChatRegistration registration, boolean forceRefresh) {
		return this.endpoint.read(registration, caller().execute(this.endpoint.request(registration, forceRefresh)),
				clock());
	}

}
