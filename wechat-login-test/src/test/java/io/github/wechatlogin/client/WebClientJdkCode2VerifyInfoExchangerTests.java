package io.github.wechatlogin.client;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tests for {@link WebClientCode2VerifyInfoExchanger} and the WebClient access-token clients on
 * the connector the starter uses without Reactor Netty (the JDK {@code HttpClient}): the same
 * suite once more.
 */
class WebClientJdkCode2VerifyInfoExchangerTests extends WebClientCode2VerifyInfoExchangerTests {

	@Override
	WebClient webClient(WeChatApiSimulator simulator) {
		return WeChatApiTestSupport.jdkWebClient(simulator);
	}

}
