package io.github.wechatlogin.client;

import java.time.Duration;

import io.github.wechatlogin.autoconfigure.WeChatApiTestRequestFactory;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds clients pointed at a {@link WeChatApiSimulator}, configured as the auto-configuration
 * configures them.
 */
final class WeChatApiTestSupport {

	static final String MULTI_APP_ID = "wx-multi-app";

	static final String MINI_PROGRAM_ID = "wx-mini-program";

	static final String SECRET = "s3cr3t-value-never-logged";

	static final Duration READ_TIMEOUT = Duration.ofMillis(500);

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

	static ClientHttpRequestFactory requestFactory(Duration readTimeout) {
		return WeChatApiTestRequestFactory.create(Duration.ofSeconds(1), readTimeout);
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
