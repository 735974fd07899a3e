package io.github.wechatlogin.samples.existingapp;

import io.github.wechatlogin.test.security.WithMockWeChatUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors.bearerToken;
import static io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors.weChatUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The mini program API ({@code /api/**}): {@code @AuthenticationPrincipal WeChatUser} and the
 * {@code @PreAuthorize} rules of the application's own method security, with mock users and with
 * real bearer tokens; nothing but a WeChat bearer token opens it.
 *
 * @author wechat-login developers
 */
@ExistingAppTest
class MiniProgramApiTests {

	@Autowired
	private MockMvc mvc;

	@Test
	@WithMockWeChatUser(openid = "o-1", unionid = "u-1")
	void meWhenWeChatUserThenOpenidAndUnionid() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-1"))
			.andExpect(jsonPath("$.unionid").value("u-1"));
	}

	@Test
	void meWhenBearerTokenThenOpenid() throws Exception {
		this.mvc.perform(get("/api/me").with(bearerToken().openid("o-2").unionid("u-2")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-2"))
			.andExpect(jsonPath("$.unionid").value("u-2"));
	}

	@Test
	void meWhenAnonymousThenUnauthorized() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE, startsWith("application/problem+json")));
	}

	@Test
	@WithMockWeChatUser(openid = "o-orders")
	void ordersWhenRoleUserThenOk() throws Exception {
		this.mvc.perform(get("/api/orders"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.owner").value("o-orders"));
	}

	@Test
	@WithMockWeChatUser(authorities = "SCOPE_profile")
	void ordersWhenNoRoleUserThenForbidden() throws Exception {
		this.mvc.perform(get("/api/orders"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("access_denied"));
	}

	@Test
	void ordersWhenRealTokenThenOk() throws Exception {
		this.mvc.perform(get("/api/orders").with(bearerToken().openid("o-3")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.owner").value("o-3"));
	}

	@Test
	void adminReportWhenRealTokenOfAdminThenOk() throws Exception {
		this.mvc.perform(get("/api/admin-report").with(bearerToken().roles("USER", "ADMIN")))
			.andExpect(status().isOk());
	}

	@Test
	void adminReportWhenRealTokenOfUserThenForbidden() throws Exception {
		this.mvc.perform(get("/api/admin-report").with(bearerToken()))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE, startsWith("application/problem+json")))
			.andExpect(jsonPath("$.error").value("access_denied"));
	}

	@Test
	void adminReportWhenWeChatUserPostProcessorThenRolesApply() throws Exception {
		this.mvc.perform(get("/api/admin-report").with(weChatUser().roles("USER", "ADMIN")))
			.andExpect(status().isOk());
		this.mvc.perform(get("/api/admin-report").with(weChatUser())).andExpect(status().isForbidden());
	}

	@Test
	void helloWhenAnonymousThenOk() throws Exception {
		this.mvc.perform(get("/api/public/hello"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.hello").value("world"));
	}

	@Test
	void meWhenTokenOfTheInternalIssuerThenUnauthorized() throws Exception {
		String token = InternalIdp.trusted().token("billing-service", "internal");

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_token"));
	}

	@Test
	void adminReportWhenAdminConsoleSessionThenUnauthorized() throws Exception {
		MockHttpSession session = (MockHttpSession) this.mvc
			.perform(formLogin().user("admin").password("admin-password"))
			.andReturn()
			.getRequest()
			.getSession(false);
		assertThat(session).isNotNull();
		this.mvc.perform(get("/admin/dashboard").session(session)).andExpect(status().isOk());

		this.mvc.perform(get("/api/admin-report").session(session)).andExpect(status().isUnauthorized());
	}

}
