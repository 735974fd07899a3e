package io.github.wechatlogin.demo;

import io.github.wechatlogin.autoconfigure.WeChatApiRestClientCustomizer;
import io.github.wechatlogin.autoconfigure.WeChatLoginProperties;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the WeChat API simulator of {@code wechat-login-test} inside the demo, so that the demo
 * works without a real WeChat application: the simulator knows every configured registration
 * (same app ids and secrets), the WeChat API client calls it, and a few curl commands to try
 * the login are logged at startup. Turned off by {@code demo.simulator.enabled=false}.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "demo.simulator.enabled", matchIfMissing = true)
class SimulatorConfiguration {

	/**
	 * The simulator, knowing the app id and secret of every registration the login uses.
	 * @param properties the demo properties
	 * @param registrations the registrations of {@code wechat.login.*}
	 * @return the started simulator
	 */
	@Bean(destroyMethod = "close")
	WeChatApiSimulator weChatApiSimulator(DemoProperties properties, WeChatRegistrationRepository registrations) {
		WeChatApiSimulator.Builder builder = WeChatApiSimulator.builder().port(properties.getSimulator().getPort());
		// The first registration (the default one) is the app for which the simulator mints
		// codes when the request names no appid
		for (WeChatRegistration registration : registrations) {
			builder.app(registration.getAppId(), registration.getSecret());
		}
		return builder.build().start();
	}

	/**
	 * Sends the WeChat API calls to the simulator on whatever port it bound, including a free
	 * one chosen with {@code demo.simulator.port=0}, in place of
	 * {@code wechat.login.api-base-url}.
	 * @param simulator the simulator
	 * @return the customizer
	 */
	@Bean
	WeChatApiRestClientCustomizer simulatorBaseUrlCustomizer(WeChatApiSimulator simulator) {
		String baseUrl = simulator.getBaseUrl();
		return (builder) -> builder.baseUrl(baseUrl);
	}

	@Bean
	SimulatorInstructions simulatorInstructions(WeChatApiSimulator simulator, WeChatLoginProperties loginProperties,
			WeChatRegistrationRepository registrations, DemoProperties properties) {
		return new SimulatorInstructions(simulator, loginProperties, registrations, properties);
	}

}
