package io.github.wechatlogin.client;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tests for {@link WebClientCode2VerifyInfoExchanger},
 * {@link CachingReactiveWeChatApiAccessTokenProvider} and the WebClient access-token clients
 * against the simulator over loopback HTTP, with the starter's {@code WebClient} (Reactor Netty):
 * the suite of the servlet transport.
 */
class WebClientCode2VerifyInfoExchangerTests extends AbstractCode2VerifyInfoExchangerTests {

	@Override
	WeChatCodeExchanger code2VerifyInfo(WeChatApiSimulator simulator, boolean classic) {
		WebClient webClient = webClient(simulator);
		return code2VerifyInfo(webClient, new CachingReactiveWeChatApiAccessTokenProvider(tokenClient(webClient, classic)));
	}

	@Override
	WeChatCodeExchanger code2VerifyInfo(WeChatApiSimulator simulator, WeChatApiAccessTokenProvider tokens) {
		return code2VerifyInfo(webClient(simulator), WeChatApiTestSupport.reactive(tokens));
	}

	@Override
	WeChatApiAccessTokenProvider stableTokens(WeChatApiSimulator simulator) {
		return WeChatApiTestSupport.blocking(new CachingReactiveWeChatApiAccessTokenProvider(
				tokenClient(webClient(simulator), false)));
	}

	WebClient webClient(WeChatApiSimulator simulator) {
		return WeChatApiTestSupport.webClient(simulator);
	}

	private static WeChatCodeExchanger code2VerifyInfo(WebClient webClient,
			ReactiveWeChatApiAccessTokenProvider tokens) {
		return WeChatApiTestSupport
			.blocking(WeChatApiTestSupport.configured(new WebClientCode2VerifyInfoExchanger(webClient, tokens)));
	}

	private static ReactiveWeChatApiAccessTokenClient tokenClient(WebClient webClient, boolean classic) {
		return classic ? WeChatApiTestSupport.configured(new WebClientClassicTokenClient(webClient))
				: WeChatApiTestSupport.configured(new WebClientStableTokenClient(webClient));
	}

}
