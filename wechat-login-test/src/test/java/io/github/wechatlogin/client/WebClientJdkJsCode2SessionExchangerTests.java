package io.github.wechatlogin.client;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tests for {@link WebClientJsCode2SessionExchanger} on the connector the starter uses without
 * Reactor Netty (the JDK {@code HttpClient}): the same suite once more.
 */
class WebClientJdkJsCode2SessionExchangerTests extends WebClientJsCode2SessionExchangerTests {

	@Override
	WebClient webClient(WeChatApiSimulator simulator) {
		return WeChatApiTestSupport.jdkWebClient(simulator);
	}

}
