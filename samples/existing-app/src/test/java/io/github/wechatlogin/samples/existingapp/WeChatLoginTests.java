package io.github.wechatlogin.samples.existingapp;

import com.jayway.jsonpath.JsonPath;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A real WeChat login, through the simulator, at the paths {@code application.yml} moved under
 * {@code /api}: login, refresh, logout.
 *
 * @author wechat-login developers
 */
@ExistingAppTest
class WeChatLoginTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private WeChatApiSimulator simulator;

	@Test
	void loginWhenCodeFromSimulatorThenTokens() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-alice", "u-alice"));

		MvcResult login = this.mvc
			.perform(post("/api/login/wechat").contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + code + "\"}"))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE, startsWith(MediaType.APPLICATION_JSON_VALUE)))
			.andExpect(jsonPath("$.token_type").value("Bearer"))
			.andExpect(jsonPath("$.access_token").isNotEmpty())
			.andExpect(jsonPath("$.refresh_token").isNotEmpty())
			.andExpect(jsonPath("$.openid").value("o-alice"))
			.andExpect(jsonPath("$.unionid").value("u-alice"))
			.andExpect(jsonPath("$.session_key").doesNotExist())
			.andReturn();

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, bearer(login)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-alice"))
			.andExpect(jsonPath("$.unionid").value("u-alice"));
	}

	@Test
	void loginWhenReportAdminThenAdminReportOpens() throws Exception {
		MvcResult admin = login("o-report-admin");
		MvcResult user = login("o-plain-user");

		this.mvc.perform(get("/api/admin-report").header(HttpHeaders.AUTHORIZATION, bearer(admin)))
			.andExpect(status().isOk());
		this.mvc.perform(get("/api/admin-report").header(HttpHeaders.AUTHORIZATION, bearer(user)))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("access_denied"));
		this.mvc.perform(get("/api/orders").header(HttpHeaders.AUTHORIZATION, bearer(user)))
			.andExpect(status().isOk());
	}

	@Test
	void refreshWhenRefreshTokenOfLoginThenNewTokens() throws Exception {
		MvcResult login = login("o-refresh");
		String refreshToken = JsonPath.read(login.getResponse().getContentAsString(), "$.refresh_token");

		MvcResult refreshed = this.mvc
			.perform(post("/api/login/wechat/refresh").contentType(MediaType.APPLICATION_JSON)
				.content("{\"refresh_token\":\"" + refreshToken + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.token_type").value("Bearer"))
			.andExpect(jsonPath("$.access_token").isNotEmpty())
			.andExpect(jsonPath("$.refresh_token").isNotEmpty())
			.andReturn();

		assertThat((String) JsonPath.read(refreshed.getResponse().getContentAsString(), "$.refresh_token"))
			.isNotEqualTo(refreshToken);
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, bearer(refreshed)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-refresh"));
	}

	@Test
	void logoutWhenBearerTokenThenNoContentAndTokenRefused() throws Exception {
		String accessToken = bearer(login("o-logout"));
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, accessToken)).andExpect(status().isOk());

		this.mvc.perform(post("/api/logout").header(HttpHeaders.AUTHORIZATION, accessToken))
			.andExpect(status().isNoContent());

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, accessToken))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
			.andExpect(jsonPath("$.error").value("invalid_token"));
	}

	@Test
	void loginWhenPostedToTheStartersDefaultPathThenNoWeChatLogin() throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram("o-default-path"));
		int exchanges = this.simulator.requestCount(Endpoint.JSCODE2SESSION);

		// /login/wechat is not under /api: the admin console's chain answers, and its CSRF
		// protection refuses the POST
		this.mvc
			.perform(post("/login/wechat").contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + code + "\"}"))
			.andExpect(status().isForbidden());

		assertThat(this.simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(exchanges);
	}

	private MvcResult login(String openid) throws Exception {
		String code = this.simulator.issueCode(SimulatedUser.miniProgram(openid));
		return this.mvc
			.perform(post("/api/login/wechat").contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + code + "\"}"))
			.andExpect(status().isOk())
			.andReturn();
	}

	private static String bearer(MvcResult tokenResponse) throws Exception {
		return "Bearer " + JsonPath.read(tokenResponse.getResponse().getContentAsString(), "$.access_token");
	}

}
