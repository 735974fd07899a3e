package io.github.wechatlogin.test.context;

import io.github.wechatlogin.autoconfigure.WeChatLoginProperties;
import io.github.wechatlogin.test.security.SecuredApplication;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link AutoConfigureWeChatApiSimulator} on a {@code @SpringBootTest}: real logins through
 * MockMvc, redeemed over HTTP at the simulator.
 */
@SpringBootTest(classes = SecuredApplication.class,
		properties = { "wechat.login.app-id=wx-test-app", "wechat.login.secret= test-secret ",
				"wechat.login.token.secret=test-token-secret-0123456789-0123456789",
				"wechat.login.api-base-url=https://api.weixin.qq.com", "wechat.login.apps.classic.type=mini-program",
				"wechat.login.apps.classic.app-id=wx-test-classic", "wechat.login.apps.classic.secret=classic-secret" })
@AutoConfigureMockMvc
@AutoConfigureWeChatApiSimulator
class AutoConfigureWeChatApiSimulatorTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private WeChatApiSimulator simulator;

	@Value("${wechat.login.api-base-url}")
	private String apiBaseUrl;

	private int code2VerifyInfoCalls;

	private int jsCode2SessionCalls;

	/**
	 * The simulator is shared with the other tests of the cached application context: count from
	 * here rather than {@link WeChatApiSimulator#reset() reset} it, which would also invalidate
	 * the WeChat access token the application holds.
	 * @param simulator the simulator, resolved by the extension
	 */
	@BeforeEach
	void countCalls(WeChatApiSimulator simulator) {
		this.code2VerifyInfoCalls = simulator.requestCount(Endpoint.CODE2VERIFYINFO);
		this.jsCode2SessionCalls = simulator.requestCount(Endpoint.JSCODE2SESSION);
	}

	@Test
	void apiBaseUrlWhenAnnotatedThenSimulatorWins(@Autowired WeChatLoginProperties properties) {
		assertThat(this.apiBaseUrl).isEqualTo(this.simulator.getBaseUrl()).startsWith("http://127.0.0.1:");
		assertThat(properties.getApiBaseUrl()).isEqualTo(this.simulator.getBaseUrl());
	}

	@Test
	void parameterWhenSimulatorThenTheBean(WeChatApiSimulator simulator) {
		assertThat(simulator).isSameAs(this.simulator);
	}

	@Test
	void parameterWhenAutowiredThenLeftToSpringWithoutConflict(@Autowired WeChatApiSimulator simulator) {
		assertThat(simulator).isSameAs(this.simulator);
	}

	@Test
	void loginWhenMultiAppCodeThenTokenAndIdentity() throws Exception {
		String code = this.simulator.issueCode("wx-test-app", SimulatedUser.miniProgram("o-1", "u-1"));

		String accessToken = login("/login/wechat", code);

		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + accessToken))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-1"))
			.andExpect(jsonPath("$.unionid").value("u-1"))
			.andExpect(jsonPath("$.app_id").value("wx-test-app"))
			.andExpect(jsonPath("$.registration_id").value("default"));
		assertThat(this.simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(this.code2VerifyInfoCalls + 1);
	}

	@Test
	void loginWhenClassicRegistrationThenJsCode2Session() throws Exception {
		String code = this.simulator.issueCode("wx-test-classic", SimulatedUser.miniProgram("o-classic"));

		String accessToken = login("/login/wechat/classic", code);

		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + accessToken))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-classic"))
			.andExpect(jsonPath("$.app_id").value("wx-test-classic"))
			.andExpect(jsonPath("$.registration_id").value("classic"));
		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(this.jsCode2SessionCalls + 1);
	}

	@Test
	void issueCodeWhenNoAppIdThenDefaultRegistrationsApp() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-default"));

		login("/login/wechat", code);

		assertThat(this.simulator.requests(Endpoint.CODE2VERIFYINFO)).last()
			.satisfies((request) -> assertThat(request.query()).containsEntry("appid", "wx-test-app")
				.containsEntry("appsecret", "test-secret"));
	}

	@Test
	void loginWhenCodeUsedThenInvalidCode() throws Exception {
		String code = this.simulator.issueCode("wx-test-app", SimulatedUser.miniProgram("o-1"));
		login("/login/wechat", code);

		this.mvc.perform(post("/login/wechat").contentType(MediaType.APPLICATION_JSON).content(body(code)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_code"));
	}

	private String login(String path, String code) throws Exception {
		String response = this.mvc
			.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body(code)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode json = JSON.readTree(response);
		return json.get("access_token").stringValue();
	}

	private static String body(String code) {
		return "{\"code\":\"" + code + "\"}";
	}

}
