package io.github.wechatlogin.demo;

import io.github.wechatlogin.test.context.AutoConfigureWeChatApiSimulator;
import io.github.wechatlogin.test.security.WithMockWeChatUser;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors.bearerToken;
import static io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors.weChatUser;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The demo's API with the test support of {@code wechat-login-test}: {@link WithMockWeChatUser}
 * and the MockMvc request post-processors for the {@code @PreAuthorize} rules, and a real login
 * against the simulator of {@link AutoConfigureWeChatApiSimulator}. This is the test a
 * newcomer's own application starts from (see docs/testing.md).
 *
 * @author wechat-login developers
 */
@SpringBootTest(properties = "demo.simulator.enabled=false")
@AutoConfigureMockMvc
@AutoConfigureWeChatApiSimulator
class DemoControllerTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Autowired
	private MockMvc mvc;

	@Test
	@WithMockWeChatUser(openid = "o-1", unionid = "u-1", appId = "wx-demo-multi-app")
	void meWhenWeChatUserThenIdentity() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-1"))
			.andExpect(jsonPath("$.unionid").value("u-1"))
			.andExpect(jsonPath("$.app_id").value("wx-demo-multi-app"))
			.andExpect(jsonPath("$.authorities", contains("ROLE_USER")));
	}

	@Test
	@WithMockWeChatUser(roles = { "USER", "ADMIN" })
	void adminPingWhenAdminThenPong() throws Exception {
		this.mvc.perform(get("/api/admin/ping")).andExpect(status().isOk()).andExpect(jsonPath("$.pong").value(true));
	}

	@Test
	@WithMockWeChatUser
	void adminPingWhenNotAdminThenForbidden() throws Exception {
		this.mvc.perform(get("/api/admin/ping"))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE, startsWith("application/problem+json")))
			.andExpect(jsonPath("$.error").value("access_denied"));
	}

	@Test
	void adminPingWhenAnonymousThenUnauthorized() throws Exception {
		this.mvc.perform(get("/api/admin/ping"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
	}

	@Test
	void publicPingWhenAnonymousThenPong() throws Exception {
		this.mvc.perform(get("/api/public/ping")).andExpect(status().isOk());
	}

	@Test
	void adminPingWhenWeChatUserPostProcessorThenRolesApply() throws Exception {
		this.mvc.perform(get("/api/admin/ping").with(weChatUser().roles("USER", "ADMIN")))
			.andExpect(status().isOk());
		this.mvc.perform(get("/api/admin/ping").with(weChatUser().openid("o-plain-user")))
			.andExpect(status().isForbidden());
	}

	@Test
	void adminPingWhenBearerTokenThenTheWholeTokenPathRuns() throws Exception {
		this.mvc.perform(get("/api/admin/ping").with(bearerToken().roles("USER", "ADMIN")))
			.andExpect(status().isOk());
		this.mvc.perform(get("/api/me").with(bearerToken().openid("o-2")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-2"));
	}

	@Test
	void meWhenLoggedOutThenTokenRevoked() throws Exception {
		MvcResult logout = this.mvc.perform(post("/logout").with(bearerToken()))
			.andExpect(status().isNoContent())
			.andReturn();

		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION,
					logout.getRequest().getHeader(HttpHeaders.AUTHORIZATION)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_token"));
	}

	@Test
	void loginWhenAdminOpenidThenAdminRoleFromDemoAdmins(WeChatApiSimulator simulator) throws Exception {
		String code = simulator.issueCode("wx-demo-multi-app", SimulatedUser.miniProgram("o-admin-openid", "u-demo"));

		String accessToken = login("/login/wechat", code);

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-admin-openid"))
			.andExpect(jsonPath("$.authorities", contains("ROLE_ADMIN", "ROLE_USER")));
		this.mvc.perform(get("/api/admin/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken))
			.andExpect(status().isOk());
	}

	@Test
	void loginWhenClassicMiniProgramThenToken(WeChatApiSimulator simulator) throws Exception {
		String code = simulator.issueCode("wx-demo-mini-program", SimulatedUser.miniProgram("o-classic"));

		String accessToken = login("/login/wechat/classic", code);

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.app_id").value("wx-demo-mini-program"))
			.andExpect(jsonPath("$.authorities", contains("ROLE_USER")));
	}

	@Test
	void loginWhenWeChatRateLimitsThenRateLimited(WeChatApiSimulator simulator) throws Exception {
		String code = simulator.issueCode("wx-demo-multi-app", SimulatedUser.miniProgram("o-busy"));
		simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(45011));

		this.mvc
			.perform(post("/login/wechat").contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + code + "\"}"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "60"))
			.andExpect(jsonPath("$.error").value("rate_limited"));
	}

	private String login(String path, String code) throws Exception {
		String body = this.mvc
			.perform(post(path).contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + code + "\",\"redirectPath\":\"pages/index/index\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.redirect_path").value("pages/index/index"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JSON.readTree(body).get("access_token").stringValue();
	}

}
