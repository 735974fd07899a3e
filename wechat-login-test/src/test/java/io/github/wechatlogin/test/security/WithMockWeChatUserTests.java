package io.github.wechatlogin.test.security;

import java.lang.reflect.Method;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.test.security.SecuredApplication.AdminService;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link WithMockWeChatUser} on MockMvc requests through the auto-configured filter chain and on
 * direct calls of a secured bean.
 */
@SpringBootTest(classes = SecuredApplication.class,
		properties = { "wechat.login.app-id=wx-test-app", "wechat.login.secret=test-secret",
				"wechat.login.token.secret=test-token-secret-0123456789-0123456789" })
@AutoConfigureMockMvc
class WithMockWeChatUserTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private AdminService adminService;

	@Test
	@WithMockWeChatUser
	void meWhenDefaultsThenTestUser() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("o-test-openid"))
			.andExpect(jsonPath("$.openid").value("o-test-openid"))
			.andExpect(jsonPath("$.unionid").value(nullValue()))
			.andExpect(jsonPath("$.app_id").value("wx-test-app"))
			.andExpect(jsonPath("$.registration_id").value("default"))
			.andExpect(jsonPath("$.user_id").value(nullValue()))
			.andExpect(jsonPath("$.login_type").value("weixinMiniProgram"))
			.andExpect(jsonPath("$.phone").value(nullValue()))
			.andExpect(jsonPath("$.authorities", contains("ROLE_USER")));
	}

	@Test
	@WithMockWeChatUser(openid = "o-1", unionid = "u-1", appId = "wx-other", registrationId = "classic",
			userId = "user-1", loginType = "miniProgram", phone = "13800000000",
			authorities = { "ROLE_USER", "SCOPE_orders" })
	void meWhenEveryAttributeSetThenThatUser() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("user-1"))
			.andExpect(jsonPath("$.openid").value("o-1"))
			.andExpect(jsonPath("$.unionid").value("u-1"))
			.andExpect(jsonPath("$.app_id").value("wx-other"))
			.andExpect(jsonPath("$.registration_id").value("classic"))
			.andExpect(jsonPath("$.user_id").value("user-1"))
			.andExpect(jsonPath("$.login_type").value("miniProgram"))
			.andExpect(jsonPath("$.phone").value("13800000000"))
			.andExpect(jsonPath("$.authorities", contains("ROLE_USER", "SCOPE_orders")));
	}

	@Test
	@WithMockWeChatUser(roles = { "USER", "ADMIN" })
	void preAuthorizeWhenAdminRoleThenOk() throws Exception {
		this.mvc.perform(get("/api/admin")).andExpect(status().isOk()).andExpect(jsonPath("$.admin").value(true));
	}

	@Test
	@WithMockWeChatUser
	void preAuthorizeWhenOnlyUserRoleThenForbiddenProblem() throws Exception {
		this.mvc.perform(get("/api/admin"))
			.andExpect(status().isForbidden())
			.andExpect(header().string("Content-Type", startsWith("application/problem+json")))
			.andExpect(jsonPath("$.error").value("access_denied"));
	}

	@Test
	@WithMockWeChatUser(openid = "o-owner")
	void preAuthorizeWhenPrincipalOpenidMatchesThenOk() throws Exception {
		this.mvc.perform(get("/api/owner")).andExpect(status().isOk());
	}

	@Test
	@WithMockWeChatUser(openid = "o-someone-else")
	void preAuthorizeWhenPrincipalOpenidDiffersThenForbidden() throws Exception {
		this.mvc.perform(get("/api/owner")).andExpect(status().isForbidden());
	}

	@Test
	void meWhenNoUserThenUnauthorized() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", startsWith("Bearer")));
	}

	@Test
	@WithMockWeChatUser(roles = "ADMIN")
	void securedBeanWhenAdminThenCalled() {
		assertThat(this.adminService.secret()).isEqualTo("42");
	}

	@Test
	@WithMockWeChatUser
	void securedBeanWhenNotAdminThenAccessDenied() {
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(this.adminService::secret);
	}

	@Test
	void securedBeanWhenNoUserThenCredentialsNotFound() {
		assertThatExceptionOfType(AuthenticationCredentialsNotFoundException.class)
			.isThrownBy(this.adminService::secret);
	}

	@Test
	@WithMockWeChatUser(openid = "o-context")
	void securityContextWhenAnnotatedThenWeChatAuthentication() {
		SecurityContext context = SecurityContextHolder.getContext();
		assertThat(context.getAuthentication()).isInstanceOf(WeChatAuthentication.class);
		assertThat(context.getAuthentication().isAuthenticated()).isTrue();
		WeChatUser user = (WeChatUser) context.getAuthentication().getPrincipal();
		assertThat(user.getOpenid()).isEqualTo("o-context");
		assertThat(user.getAttributes()).isEmpty();
	}

	@Test
	void factoryWhenRolesAndAuthoritiesThenRefused() throws Exception {
		WithMockWeChatUser annotation = annotation("rolesAndAuthorities");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WithMockWeChatUserSecurityContextFactory().createSecurityContext(annotation))
			.withMessageContaining("both roles and authorities");
	}

	@Test
	void factoryWhenNeitherOpenidNorUserIdThenRefused() throws Exception {
		WithMockWeChatUser annotation = annotation("noIdentity");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WithMockWeChatUserSecurityContextFactory().createSecurityContext(annotation))
			.withMessageContaining("openid or a userId");
	}

	@Test
	void factoryWhenRolePrefixedThenRefused() throws Exception {
		WithMockWeChatUser annotation = annotation("prefixedRole");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WithMockWeChatUserSecurityContextFactory().createSecurityContext(annotation))
			.withMessageContaining("should not start with ROLE_");
	}

	@Test
	void factoryWhenOnlyUserIdThenNamedByUserId() throws Exception {
		SecurityContext context = new WithMockWeChatUserSecurityContextFactory()
			.createSecurityContext(annotation("phoneUser"));
		WeChatUser user = (WeChatUser) context.getAuthentication().getPrincipal();
		assertThat(user.getName()).isEqualTo("user-phone");
		assertThat(user.getOpenid()).isNull();
		assertThat(user.getPhone()).isEqualTo("13800000000");
	}

	private static WithMockWeChatUser annotation(String methodName) throws NoSuchMethodException {
		Method method = Annotated.class.getDeclaredMethod(methodName);
		return method.getAnnotation(WithMockWeChatUser.class);
	}

	@Nested
	@WithMockWeChatUser(openid = "o-class-level", roles = "ADMIN")
	class ClassLevel {

		@Test
		void meWhenClassAnnotatedThenClassUser() throws Exception {
			WithMockWeChatUserTests.this.mvc.perform(get("/api/me"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.openid").value("o-class-level"))
				.andExpect(jsonPath("$.authorities", contains("ROLE_ADMIN")));
		}

		@Test
		@WithMockWeChatUser(openid = "o-method-level")
		void meWhenMethodAnnotatedThenMethodUserWins() throws Exception {
			WithMockWeChatUserTests.this.mvc.perform(get("/api/me"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.openid").value("o-method-level"))
				.andExpect(jsonPath("$.authorities", contains("ROLE_USER")));
		}

	}

	static class Annotated {

		@WithMockWeChatUser(roles = "ADMIN", authorities = "ROLE_OTHER")
		void rolesAndAuthorities() {
		}

		@WithMockWeChatUser(openid = "")
		void noIdentity() {
		}

		@WithMockWeChatUser(roles = "ROLE_ADMIN")
		void prefixedRole() {
		}

		@WithMockWeChatUser(openid = "", userId = "user-phone", loginType = "phoneSms", phone = "13800000000")
		void phoneUser() {
		}

	}

}
