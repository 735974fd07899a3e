package io.github.wechatlogin.client;

import java.time.Duration;

import io.github.wechatlogin.autoconfigure.WeChatApiTestRequestFactory;
import io.github.wechatlogin.autoconfigure.WeChatApiTestWebClient;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds clients pointed at a {@link WeChatApiSimulator}, configured as the auto-configuration
 * configures them.
 */
final class WeChatApiTestSupport {

	static final String MULTI_APP_ID = "wx-multi-app";

	static final String MINI_PROGRAM_ID = "wx-mini-program";

	static final String SECRET = "s3cr3t-value-never-logged";

	static final Duration READ_TIMEOUT = Duration.ofMillis(500);

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * How long a test waits for a reactive call, far above every timeout.
	 */
	static final Duration TEST_WAIT = Duration.ofSeconds(30);

	private WeChatApiTestSupport() {
	}

	static WeChatApiSimulator startSimulator() {
		return WeChatApiSimulator.builder().app(MULTI_APP_ID, SECRET).app(MINI_PROGRAM_ID, SECRET).build().start();
	}

	static RestClient restClient(WeChatApiSimulator simulator) {
		return RestClient.builder()
			.baseUrl(simulator.getBaseUrl())
			.requestFactory(requestFactory(READ_TIMEOUT))
			.build();
	}

	/**
	 * A {@code RestClient} on the Apache HttpClient 5 transport pointed at the simulator.
	 */
	static RestClient apacheRestClient(WeChatApiSimulator simulator) {
		return RestClient.builder()
			.baseUrl(simulator.getBaseUrl())
			.requestFactory(WeChatApiTestRequestFactory.createApache(CONNECT_TIMEOUT, READ_TIMEOUT))
			.build();
	}

	static ClientHttpRequestFactory requestFactory(Duration readTimeout) {
		return WeChatApiTestRequestFactory.create(CONNECT_TIMEOUT, readTimeout);
	}

	/**
	 * The starter's {@code WebClient} (Reactor Netty's connector) pointed at the simulator.
	 */
	static WebClient webClient(WeChatApiSimulator simulator) {
		return WeChatApiTestWebClient.create(simulator.getBaseUrl(), CONNECT_TIMEOUT, READ_TIMEOUT);
	}

	/**
	 * The starter's {@code WebClient} without Reactor Netty (the JDK client's connector) pointed
	 * at the simulator.
	 */
	static WebClient jdkWebClient(WeChatApiSimulator simulator) {
		return WeChatApiTestWebClient.createJdk(simulator.getBaseUrl(), CONNECT_TIMEOUT, READ_TIMEOUT);
	}

	/**
	 * Configure a reactive client as the starter does, with the tests' timeouts.
	 */
	static <T extends AbstractWebClientWeChatApiClient> T configured(T client) {
		return WeChatApiTestWebClient.configured(client, CONNECT_TIMEOUT, READ_TIMEOUT);
	}

	/**
	 * A reactive exchanger called the blocking way, so that one suite tests both transports
	 * (only the tests block: the reactive tests check that the exchange itself never does).
	 */
	static WeChatCodeExchanger blocking(ReactiveWeChatCodeExchanger exchanger) {
		return (request) -> exchanger.exchange(request).block(TEST_WAIT);
	}

	/**
	 * A reactive access-token provider called the blocking way.
	 */
	static WeChatApiAccessTokenProvider blocking(ReactiveWeChatApiAccessTokenProvider provider) {
		return new WeChatApiAccessTokenProvider() {

			@Override
			public String getAccessToken(WeChatRegistration registration) {
				return provider.getAccessToken(registration).block(TEST_WAIT);
			}

			@Override
			public void invalidate(WeChatRegistration registration, String rejectedAccessToken) {
				provider.invalidate(registration, rejectedAccessToken).block(TEST_WAIT);
			}

		};
	}

	/**
	 * A blocking access-token provider seen as a reactive one.
	 */
	static ReactiveWeChatApiAccessTokenProvider reactive(WeChatApiAccessTokenProvider provider) {
		return new ReactiveWeChatApiAccessTokenProvider() {

			@Override
			public reactor.core.publisher.Mono<String> getAccessToken(WeChatRegistration registration) {
				return reactor.core.publisher.Mono.fromCallable(() -> provider.getAccessToken(registration));
			}

			@Override
			public reactor.core.publisher.Mono<Void> invalidate(WeChatRegistration registration,
					String rejectedAccessToken) {
				return reactor.core.publisher.Mono.fromRunnable(() -> provider.invalidate(registration, rejectedAccessToken));
			}

		};
	}

	/**
	 * A client of either transport: its settings, and its exchange called the blocking way.
	 */
	record TestExchanger(AbstractWeChatApiClient client, WeChatCodeExchanger exchanger) {
	}

	static WeChatRegistration multiApp() {
		return registration("default", WeChatAppType.MULTI_APP, MULTI_APP_ID, SECRET);
	}

	static WeChatRegistration miniProgram() {
		return registration("classic", WeChatAppType.MINI_PROGRAM, MINI_PROGRAM_ID, SECRET);
	}

	static WeChatRegistration registration(String id, WeChatAppType type, String appId, String secret) {
		return WeChatRegistration.withRegistrationId(id).type(type).appId(appId).secret(secret).build();
	}

}
