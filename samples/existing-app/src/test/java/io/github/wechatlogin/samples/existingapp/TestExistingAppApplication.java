package io.github.wechatlogin.samples.existingapp;

import io.github.wechatlogin.autoconfigure.WeChatApiRestClientCustomizer;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Runs the application on a developer's machine without a WeChat mini program: with the test
 * values of {@code application-test.yml}, against the WeChat API simulator on port 8089
 * ({@code POST http://127.0.0.1:8089/simulator/codes} mints a login code). Start it with
 * {@code ./mvnw -pl samples/existing-app spring-boot:test-run} (after
 * {@code ./mvnw -DskipTests install}) or from the IDE.
 *
 * @author wechat-login developers
 */
public final class TestExistingAppApplication {

	private TestExistingAppApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(ExistingAppApplication::main)
			.with(SimulatorConfiguration.class)
			.withAdditionalProfiles("test")
			.run(args);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SimulatorConfiguration {

		@Bean(destroyMethod = "close")
		WeChatApiSimulator weChatApiSimulator(WeChatRegistrationRepository registrations) {
			WeChatApiSimulator.Builder builder = WeChatApiSimulator.builder().port(8089);
			for (WeChatRegistration registration : registrations) {
				builder.app(registration.getAppId(), registration.getSecret());
			}
			return builder.build().start();
		}

		@Bean
		WeChatApiRestClientCustomizer simulatorBaseUrl(WeChatApiSimulator simulator) {
			String baseUrl = simulator.getBaseUrl();
			return (builder) -> builder.baseUrl(baseUrl);
		}

	}

}
