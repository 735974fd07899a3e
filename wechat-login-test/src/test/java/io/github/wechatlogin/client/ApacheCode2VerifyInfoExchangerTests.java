package io.github.wechatlogin.client;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.web.client.RestClient;

/**
 * Tests for {@link RestClientCode2VerifyInfoExchanger}, {@link CachingWeChatApiAccessTokenProvider}
 * and the RestClient access-token clients on the Apache HttpClient 5 transport against the simulator over loopback HTTP.
 */
class ApacheCode2VerifyInfoExchangerTests extends AbstractCode2VerifyInfoExchangerTests {

	@Override
	WeChatCodeExchanger code2VerifyInfo(WeChatApiSimulator simulator, boolean classic) {
		RestClient restClient = WeChatApiTestSupport.apacheRestClient(simulator);
		WeChatApiAccessTokenClient tokens = classic ? new RestClientClassicTokenClient(restClient)
				: new RestClientStableTokenClient(restClient);
		return new RestClientCode2VerifyInfoExchanger(restClient, new CachingWeChatApiAccessTokenProvider(tokens));
	}

	@Override
	WeChatCodeExchanger code2VerifyInfo(WeChatApiSimulator simulator, WeChatApiAccessTokenProvider tokens) {
		return new RestClientCode2VerifyInfoExchanger(WeChatApiTestSupport.apacheRestClient(simulator), tokens);
	}

	@Override
	WeChatApiAccessTokenProvider stableTokens(WeChatApiSimulator simulator) {
		return new CachingWeChatApiAccessTokenProvider(
				new RestClientStableTokenClient(WeChatApiTestSupport.apacheRestClient(simulator)));
	}

}
