package io.github.wechatlogin.reliability;

import java.net.http.HttpResponse;

import io.github.wechatlogin.config.WeChatLoginConfigurer;
import io.github.wechatlogin.integration.IntegrationTestApplication;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Tests for threats of docs/security.md not covered elsewhere: account takeover through a
 * client-supplied identity, and CSRF in an application chain that keeps CSRF protection on.
 */
class ThreatModelTests {

	@Test
	void loginWhenClientSendsAnIdentityThenOnlyWeChatsAnswerCounts() throws Exception {
		try (LoginApp app = LoginApp.start()) {
			String code = app.code("o-attacker");
			HttpResponse<String> response = app.postJson("/login/wechat", "{\"code\":\"" + code
					+ "\",\"openid\":\"o-victim\",\"unionid\":\"u-victim\",\"user_id\":\"victim\",\"appid\":\"wx-other\"}");
			JsonNode body = LoginApp.JSON.readTree(response.body());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(body.get("openid").stringValue()).isEqualTo("o-attacker");
			JsonNode me = LoginApp.JSON.readTree(app.get("/api/me", body.get("access_token").stringValue()).body());
			assertThat(me.get("openid").stringValue()).isEqualTo("o-attacker");
			assertThat(me.get("app_id").stringValue()).isEqualTo(LoginApp.MULTI_APP_ID);
		}
	}

	@Test
	void csrfWhenApplicationChainProtectsOtherEndpointsThenLoginStillWorksWithoutCsrfToken() throws Exception {
		try (WeChatApiSimulator simulator = WeChatApiSimulator.builder()
			.app(LoginApp.MULTI_APP_ID, LoginApp.SECRET)
			.build()
			.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(IntegrationTestApplication.class,
						CsrfProtectedChain.class)
					.properties("server.port=0", "wechat.login.app-id=" + LoginApp.MULTI_APP_ID,
							"wechat.login.secret=" + LoginApp.SECRET,
							"wechat.login.api-base-url=" + simulator.getBaseUrl(),
							"wechat.login.token.secret=" + LoginApp.TOKEN_SECRET)
					.run()) {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
				.apply(springSecurity())
				.build();
			String code = simulator.issueCode(LoginApp.MULTI_APP_ID, SimulatedUser.miniProgram("o-csrf", null));
			int login = mvc.perform(post("/login/wechat").contentType("application/json").content("{\"code\":\"" + code + "\"}"))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(login).isEqualTo(200);
			// the application's own state-changing endpoints keep their CSRF protection
			int other = mvc.perform(post("/api/me")).andReturn().getResponse().getStatus();
			assertThat(other).isEqualTo(403);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class CsrfProtectedChain {

		@Bean
		SecurityFilterChain chainWithCsrf(HttpSecurity http) throws Exception {
			http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}

	}

}
