package io.github.wechatlogin.test.security;

import io.github.wechatlogin.authentication.WeChatUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors.bearerToken;
import static io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors.weChatUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link WeChatLoginRequestPostProcessors} through the auto-configured filter chain: a user in
 * the security context, and real bearer tokens through the decoder, the converter and the
 * revocation check.
 */
@SpringBootTest(classes = SecuredApplication.class,
		properties = { "wechat.login.app-id=wx-test-app", "wechat.login.secret=test-secret",
				"wechat.login.token.secret=test-token-secret-0123456789-0123456789" })
@AutoConfigureMockMvc
class WeChatLoginRequestPostProcessorsTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private WebApplicationContext context;

	@Test
	void weChatUserWhenDefaultsThenTestUser() throws Exception {
		this.mvc.perform(get("/api/me").with(weChatUser()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-test-openid"))
			.andExpect(jsonPath("$.app_id").value("wx-test-app"))
			.andExpect(jsonPath("$.login_type").value("weixinMiniProgram"))
			.andExpect(jsonPath("$.authorities", contains("ROLE_USER")));
	}

	@Test
	void weChatUserWhenDescribedThenThatUser() throws Exception {
		this.mvc
			.perform(get("/api/me").with(weChatUser().openid("o-1")
				.unionid("u-1")
				.appId("wx-other")
				.registrationId("classic")
				.userId("user-1")
				.loginType("miniProgram")
				.phone("13800000000")
				.authorities("ROLE_USER", "SCOPE_orders")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("user-1"))
			.andExpect(jsonPath("$.unionid").value("u-1"))
			.andExpect(jsonPath("$.app_id").value("wx-other"))
			.andExpect(jsonPath("$.registration_id").value("classic"))
			.andExpect(jsonPath("$.login_type").value("miniProgram"))
			.andExpect(jsonPath("$.phone").value("13800000000"))
			.andExpect(jsonPath("$.authorities", contains("ROLE_USER", "SCOPE_orders")));
	}

	@Test
	void weChatUserWhenRolesThenPreAuthorizeSeesThem() throws Exception {
		this.mvc.perform(get("/api/admin").with(weChatUser().roles("USER", "ADMIN"))).andExpect(status().isOk());
		this.mvc.perform(get("/api/admin").with(weChatUser())).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/owner").with(weChatUser().openid("o-owner"))).andExpect(status().isOk());
	}

	@Test
	void weChatUserWhenGivenUserThenThatUser() throws Exception {
		WeChatUser user = WeChatUser.withRegistration("default", "wx-given")
			.identity((identity) -> identity.openid("o-given"))
			.authorities(AuthorityUtils.createAuthorityList("ROLE_ADMIN"))
			.build();
		this.mvc.perform(get("/api/me").with(weChatUser(user)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-given"))
			.andExpect(jsonPath("$.app_id").value("wx-given"));
	}

	@Test
	void bearerTokenWhenDefaultsThenRealTokenForTestUser() throws Exception {
		MvcResult result = this.mvc.perform(get("/api/me").with(bearerToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-test-openid"))
			.andExpect(jsonPath("$.app_id").value("wx-test-app"))
			.andExpect(jsonPath("$.authorities", contains("ROLE_USER")))
			.andReturn();
		String authorization = result.getRequest().getHeader(HttpHeaders.AUTHORIZATION);
		assertThat(authorization).startsWith("Bearer eyJ");
		assertThat(authorization.split("\\.")).hasSize(3);
	}

	@Test
	void bearerTokenWhenDescribedThenClaimsBecomeTheUser() throws Exception {
		this.mvc
			.perform(get("/api/me").with(bearerToken().openid("o-1")
				.unionid("u-1")
				.appId("wx-other")
				.registrationId("classic")
				.userId("user-1")
				.loginType("weixinApp")
				.phone("13800000000")
				.authorities("ROLE_USER", "SCOPE_orders")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("user-1"))
			.andExpect(jsonPath("$.openid").value("o-1"))
			.andExpect(jsonPath("$.unionid").value("u-1"))
			.andExpect(jsonPath("$.app_id").value("wx-other"))
			.andExpect(jsonPath("$.registration_id").value("classic"))
			.andExpect(jsonPath("$.login_type").value("weixinApp"))
			// a real token carries no phone number unless wechat.login.token.phone-number-claim is on
			.andExpect(jsonPath("$.phone").isEmpty())
			.andExpect(jsonPath("$.authorities", contains("ROLE_USER", "SCOPE_orders")));
	}

	@Test
	void bearerTokenWhenRolesThenPreAuthorizeSeesThem() throws Exception {
		this.mvc.perform(get("/api/admin").with(bearerToken().roles("USER", "ADMIN"))).andExpect(status().isOk());
		this.mvc.perform(get("/api/admin").with(bearerToken()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("access_denied"));
		this.mvc.perform(get("/api/owner").with(bearerToken().openid("o-owner"))).andExpect(status().isOk());
	}

	@Test
	void bearerTokenWhenGivenUserThenThatUser() throws Exception {
		WeChatUser user = WeChatUser.withRegistration("default", "wx-given")
			.identity((identity) -> identity.openid("o-given"))
			.build();
		this.mvc.perform(get("/api/me").with(bearerToken(user)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("o-given"))
			.andExpect(jsonPath("$.authorities").isEmpty());
	}

	@Test
	void bearerTokenWhenLoggedOutThenRevoked() throws Exception {
		MvcResult logout = this.mvc.perform(post("/logout").with(bearerToken()))
			.andExpect(status().isNoContent())
			.andReturn();
		String authorization = logout.getRequest().getHeader(HttpHeaders.AUTHORIZATION);

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, authorization))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\"")))
			.andExpect(jsonPath("$.error").value("invalid_token"));
	}

	@Test
	void bearerTokenWhenTamperedThenInvalidToken() throws Exception {
		MvcResult result = this.mvc.perform(get("/api/me").with(bearerToken())).andReturn();
		String authorization = result.getRequest().getHeader(HttpHeaders.AUTHORIZATION);
		String tampered = authorization.substring(0, authorization.length() - 2)
				+ (authorization.endsWith("AA") ? "BB" : "AA");

		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, tampered))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_token"));
	}

	@Test
	void issueTokensWhenUserThenAccessAndRefreshToken() {
		MockHttpServletRequest request = new MockHttpServletRequest(this.context.getServletContext());
		WeChatUser user = WeChatUser.withRegistration("default", "wx-test-app")
			.identity((identity) -> identity.openid("o-refresh"))
			.build();

		var tokens = WeChatLoginRequestPostProcessors.issueTokens(request, user);

		assertThat(tokens.accessToken()).startsWith("eyJ");
		assertThat(tokens.refreshToken()).hasSize(43);
		assertThat(tokens.user()).isEqualTo(user);
	}

	@Test
	void bearerTokenWhenNoApplicationContextThenExplains() {
		assertThatIllegalStateException()
			.isThrownBy(() -> bearerToken().postProcessRequest(new MockHttpServletRequest()))
			.withMessageContaining("No WebApplicationContext found");
	}

}
