package io.github.wechatlogin.client;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

/**
 * Tests for {@link RestClientJsCode2SessionExchanger} on the Apache HttpClient 5 transport against the simulator over loopback HTTP.
 */
class ApacheJsCode2SessionExchangerTests extends AbstractJsCode2SessionExchangerTests {

	@Override
	WeChatApiTestSupport.TestExchanger jsCode2Session(WeChatApiSimulator simulator) {
		RestClientJsCode2SessionExchanger exchanger = new RestClientJsCode2SessionExchanger(
				WeChatApiTestSupport.apacheRestClient(simulator));
		return new WeChatApiTestSupport.TestExchanger(exchanger, exchanger);
	}

}
