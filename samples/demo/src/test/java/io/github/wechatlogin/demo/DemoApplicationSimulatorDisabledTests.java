package io.github.wechatlogin.demo;

import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code demo.simulator.enabled=false} the demo starts no simulator and calls the WeChat
 * API at {@code wechat.login.api-base-url}, here a simulator the test runs itself, standing in
 * for the real WeChat.
 *
 * @author wechat-login developers
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "demo.simulator.enabled=false", "wechat.login.app-id=wx-external",
				"wechat.login.secret=external-secret", "wechat.login.apps.classic.app-id=wx-external-classic",
				"wechat.login.apps.classic.secret=external-classic-secret" })
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationSimulatorDisabledTests {

	private static final WeChatApiSimulator external = WeChatApiSimulator.builder()
		.app("wx-external", "external-secret")
		.app("wx-external-classic", "external-classic-secret")
		.build()
		.start();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void weChatApi(DynamicPropertyRegistry registry) {
		registry.add("wechat.login.api-base-url", external::getBaseUrl);
	}

	@AfterAll
	static void closeSimulator() {
		external.close();
	}

	@Test
	void contextWhenSimulatorDisabledThenNoSimulator() {
		assertThat(this.context.getBeanProvider(WeChatApiSimulator.class).getIfAvailable()).isNull();
		assertThat(this.context.getBeanProvider(SimulatorInstructions.class).getIfAvailable()).isNull();
	}

	@Test
	void startupWhenSimulatorDisabledThenNoCurlCommandsLogged(CapturedOutput output) {
		assertThat(output.getAll()).contains("Started DemoApplication").doesNotContain("/simulator/codes");
	}

	@Test
	void loginWhenSimulatorDisabledThenConfiguredApiBaseUrlUsed() {
		DemoHttpClient http = new DemoHttpClient(this.port);
		String code = external.issueCode("wx-external", SimulatedUser.miniProgram("o-admin-openid"));

		String token = http.login("/login/wechat", code);

		DemoHttpClient.Response me = http.get("/api/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json()).containsEntry("app_id", "wx-external").containsEntry("openid", "o-admin-openid");
		assertThat(http.get("/api/admin/ping", token).status()).isEqualTo(200);
	}

}
