package io.github.wechatlogin.demo;

import io.github.wechatlogin.test.context.AutoConfigureWeChatApiSimulator;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * With {@code demo.simulator.enabled=false} the demo starts no simulator and calls the WeChat
 * API at {@code wechat.login.api-base-url}: here the simulator of
 * {@link AutoConfigureWeChatApiSimulator}, standing in for the real WeChat and knowing the app
 * ids and secrets configured below.
 *
 * @author wechat-login developers
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "demo.simulator.enabled=false", "wechat.login.app-id=wx-external",
				"wechat.login.secret=external-secret", "wechat.login.apps.classic.app-id=wx-external-classic",
				"wechat.login.apps.classic.secret=external-classic-secret" })
@AutoConfigureWeChatApiSimulator
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationSimulatorDisabledTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void contextWhenSimulatorDisabledThenOnlyTheTestSimulator(WeChatApiSimulator external) {
		assertThat(this.context.getBeansOfType(WeChatApiSimulator.class))
			.containsOnly(entry("weChatApiSimulator", external));
		assertThat(this.context.getBeanProvider(SimulatorInstructions.class).getIfAvailable()).isNull();
	}

	@Test
	void startupWhenSimulatorDisabledThenNoCurlCommandsLogged(CapturedOutput output) {
		assertThat(output.getAll()).contains("Started DemoApplication").doesNotContain("/simulator/codes");
	}

	@Test
	void loginWhenSimulatorDisabledThenConfiguredApiBaseUrlUsed(WeChatApiSimulator external) {
		DemoHttpClient http = new DemoHttpClient(this.port);
		String code = external.issueCode("wx-external", SimulatedUser.miniProgram("o-admin-openid"));

		String token = http.login("/login/wechat", code);

		DemoHttpClient.Response me = http.get("/api/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json()).containsEntry("app_id", "wx-external").containsEntry("openid", "o-admin-openid");
		assertThat(http.get("/api/admin/ping", token).status()).isEqualTo(200);
	}

	@Test
	void loginWhenClassicRegistrationThenItsAppIdAndSecret(WeChatApiSimulator external) {
		DemoHttpClient http = new DemoHttpClient(this.port);
		String code = external.issueCode("wx-external-classic", SimulatedUser.miniProgram("o-classic"));

		String token = http.login("/login/wechat/classic", code);

		assertThat(http.get("/api/me", token).json()).containsEntry("app_id", "wx-external-classic");
	}

}
