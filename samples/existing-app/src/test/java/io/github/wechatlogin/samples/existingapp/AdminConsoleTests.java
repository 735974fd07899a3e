package io.github.wechatlogin.samples.existingapp;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors.bearerToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The admin console works as it did before WeChat login was added: the login page, form login
 * with a session and CSRF protection, the form logout at {@code /logout}; WeChat bearer tokens
 * open nothing there, and {@code POST /logout} is the form logout, not WeChat's.
 *
 * @author wechat-login developers
 */
@ExistingAppTest
class AdminConsoleTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void loginPageWhenAnonymousThenFormWithCsrfToken() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<form")))
			.andExpect(content().string(containsString("name=\"_csrf\"")));
	}

	@Test
	void dashboardWhenAnonymousThenRedirectedToLoginPage() throws Exception {
		this.mvc.perform(get("/admin/dashboard"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
	}

	@Test
	void loginWhenNoCsrfTokenThenForbidden() throws Exception {
		this.mvc
			.perform(post("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.param("username", "admin")
				.param("password", "admin-password"))
			.andExpect(status().isForbidden())
			.andExpect(unauthenticated());
	}

	@Test
	void loginWhenWrongPasswordThenLoginPageWithError() throws Exception {
		this.mvc.perform(formLogin().user("admin").password("wrong"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?error"))
			.andExpect(unauthenticated());
	}

	@Test
	void loginWhenCsrfTokenThenSessionOpensDashboard() throws Exception {
		MockHttpSession session = login();

		this.mvc.perform(get("/admin/dashboard").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Signed in as admin")));
	}

	@Test
	void logoutWhenCsrfTokenThenSessionEnded() throws Exception {
		MockHttpSession session = login();

		this.mvc.perform(post("/logout").session(session).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?logout"));

		assertThat(session.isInvalid()).isTrue();
		this.mvc.perform(get("/admin/dashboard").session(session)).andExpect(status().isFound());
	}

	@Test
	void logoutWhenNoCsrfTokenThenForbiddenAndSessionKept() throws Exception {
		MockHttpSession session = login();

		this.mvc.perform(post("/logout").session(session)).andExpect(status().isForbidden());

		assertThat(session.isInvalid()).isFalse();
		this.mvc.perform(get("/admin/dashboard").session(session)).andExpect(status().isOk());
	}

	@Test
	void dashboardWhenWeChatBearerTokenOfAdminThenRedirectedToLoginPage() throws Exception {
		this.mvc.perform(get("/admin/dashboard").with(bearerToken().roles("USER", "ADMIN")))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"))
			.andExpect(unauthenticated());
	}

	@Test
	void logoutWhenWeChatBearerTokenThenFormLogoutAndTokenStillValid() throws Exception {
		MvcResult withoutCsrf = this.mvc.perform(post("/logout").with(bearerToken()))
			.andExpect(status().isForbidden())
			.andReturn();
		String authorization = authorization(withoutCsrf.getRequest());

		this.mvc.perform(post("/logout").header(HttpHeaders.AUTHORIZATION, authorization).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?logout"));

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, authorization))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-test-openid"));
	}

	private MockHttpSession login() throws Exception {
		MvcResult result = this.mvc.perform(formLogin().user("admin").password("admin-password"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"))
			.andExpect(authenticated().withUsername("admin").withRoles("ADMIN"))
			.andReturn();
		MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
		assertThat(session).isNotNull();
		return session;
	}

	private static String authorization(MockHttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		assertThat(authorization).startsWith("Bearer ");
		return authorization;
	}

}
