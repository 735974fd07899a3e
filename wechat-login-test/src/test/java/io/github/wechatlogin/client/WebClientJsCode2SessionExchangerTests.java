package io.github.wechatlogin.client;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tests for {@link WebClientJsCode2SessionExchanger} against the simulator over loopback HTTP,
 * with the starter's {@code WebClient} (Reactor Netty): the suite of the servlet transport.
 */
class WebClientJsCode2SessionExchangerTests extends AbstractJsCode2SessionExchangerTests {

	@Override
	WeChatApiTestSupport.TestExchanger jsCode2Session(WeChatApiSimulator simulator) {
		WebClientJsCode2SessionExchanger exchanger = WeChatApiTestSupport
			.configured(new WebClientJsCode2SessionExchanger(webClient(simulator)));
		return new WeChatApiTestSupport.TestExchanger(exchanger, WeChatApiTestSupport.blocking(exchanger));
	}

	WebClient webClient(WeChatApiSimulator simulator) {
		return WeChatApiTestSupport.webClient(simulator);
	}

}
