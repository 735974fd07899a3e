package io.github.wechatlogin.test.security;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatTokenService;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.github.wechatlogin.test.security.WeChatLoginMockServerConfigurers.bearerToken;
import static io.github.wechatlogin.test.security.WeChatLoginMockServerConfigurers.weChatUser;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@link WeChatLoginMockServerConfigurers} and {@link WithMockWeChatUser} on a WebFlux
 * application secured by the auto-configured WeChat login: a user in the security context, real
 * bearer tokens through the reactive decoder, the converter and the revocation check, and
 * reactive method security.
 */
@SpringBootTest(classes = ReactiveSecuredApplication.class,
		properties = { "spring.main.web-application-type=reactive", "wechat.login.app-id=wx-test-app",
				"wechat.login.secret=test-secret", "wechat.login.token.secret=test-token-secret-0123456789-0123456789" })
@AutoConfigureWebTestClient
class WeChatLoginMockServerConfigurersTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private WeChatTokenService tokenService;

	@Autowired
	private ReactiveSecuredApplication.AdminService adminService;

	@Test
	void weChatUserWhenDefaultsThenTestUser() {
		this.client.mutateWith(weChatUser())
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openid").isEqualTo("o-test-openid")
			.jsonPath("$.app_id").isEqualTo("wx-test-app")
			.jsonPath("$.login_type").isEqualTo("weixinMiniProgram")
			.jsonPath("$.authorities").value(contains("ROLE_USER"));
	}

	@Test
	void weChatUserWhenDescribedThenThatUser() {
		this.client
			.mutateWith(weChatUser().openid("o-1")
				.unionid("u-1")
				.appId("wx-other")
				.registrationId("classic")
				.userId("user-1")
				.loginType("miniProgram")
				.phone("13800000000")
				.authorities("ROLE_USER", "SCOPE_orders"))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo("user-1")
			.jsonPath("$.unionid").isEqualTo("u-1")
			.jsonPath("$.app_id").isEqualTo("wx-other")
			.jsonPath("$.registration_id").isEqualTo("classic")
			.jsonPath("$.login_type").isEqualTo("miniProgram")
			.jsonPath("$.phone").isEqualTo("13800000000")
			.jsonPath("$.authorities").value(contains("ROLE_USER", "SCOPE_orders"));
	}

	@Test
	void weChatUserWhenRolesThenPreAuthorizeSeesThem() {
		this.client.mutateWith(weChatUser().roles("USER", "ADMIN")).get().uri("/api/admin").exchange()
			.expectStatus().isOk();
		this.client.mutateWith(weChatUser()).get().uri("/api/admin").exchange().expectStatus().isForbidden();
		this.client.mutateWith(weChatUser().openid("o-owner")).get().uri("/api/owner").exchange()
			.expectStatus().isOk();
	}

	@Test
	void weChatUserWhenGivenUserThenThatUser() {
		WeChatUser user = WeChatUser.withRegistration("default", "wx-given")
			.identity((identity) -> identity.openid("o-given"))
			.authorities(AuthorityUtils.createAuthorityList("ROLE_ADMIN"))
			.build();
		this.client.mutateWith(weChatUser(user))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openid").isEqualTo("o-given")
			.jsonPath("$.app_id").isEqualTo("wx-given");
	}

	@Test
	void withoutUserThenUnauthorizedWithProblemJson() {
		this.client.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer"));
	}

	@Test
	void bearerTokenWhenDefaultsThenRealTokenForTestUser() {
		this.client.mutateWith(bearerToken())
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openid").isEqualTo("o-test-openid")
			.jsonPath("$.app_id").isEqualTo("wx-test-app")
			.jsonPath("$.authorities").value(contains("ROLE_USER"));
	}

	@Test
	void bearerTokenThenBearerPathAndWeChatUserThenSecurityContext() {
		this.client.mutateWith(bearerToken()).get().uri("/api/authentication").exchange()
			.expectBody().jsonPath("$.type").isEqualTo("WeChatBearerTokenAuthentication");
		this.client.mutateWith(weChatUser()).get().uri("/api/authentication").exchange()
			.expectBody().jsonPath("$.type").isEqualTo("WeChatAuthentication");
	}

	@Test
	void bearerTokenWhenDescribedThenClaimsBecomeTheUser() {
		this.client
			.mutateWith(bearerToken().openid("o-1")
				.unionid("u-1")
				.appId("wx-other")
				.registrationId("classic")
				.userId("user-1")
				.loginType("weixinApp")
				.phone("13800000000")
				.authorities("ROLE_USER", "SCOPE_orders"))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo("user-1")
			.jsonPath("$.openid").isEqualTo("o-1")
			.jsonPath("$.unionid").isEqualTo("u-1")
			.jsonPath("$.app_id").isEqualTo("wx-other")
			.jsonPath("$.registration_id").isEqualTo("classic")
			.jsonPath("$.login_type").isEqualTo("weixinApp")
			// a real token carries no phone number unless wechat.login.token.phone-number-claim is on
			.jsonPath("$.phone").isEmpty()
			.jsonPath("$.authorities").value(contains("ROLE_USER", "SCOPE_orders"));
	}

	@Test
	void bearerTokenWhenRolesThenPreAuthorizeSeesThem() {
		this.client.mutateWith(bearerToken().roles("USER", "ADMIN")).get().uri("/api/admin").exchange()
			.expectStatus().isOk();
		this.client.mutateWith(bearerToken())
			.get()
			.uri("/api/admin")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error").isEqualTo("access_denied");
		this.client.mutateWith(bearerToken().openid("o-owner")).get().uri("/api/owner").exchange()
			.expectStatus().isOk();
	}

	@Test
	void bearerTokenWhenGivenUserThenThatUser() {
		WeChatUser user = WeChatUser.withRegistration("default", "wx-given")
			.identity((identity) -> identity.openid("o-given"))
			.build();
		this.client.mutateWith(bearerToken(user))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openid").isEqualTo("o-given")
			.jsonPath("$.authorities").isEmpty();
	}

	@Test
	void bearerTokenWhenTokenServiceGivenThenThatServiceIssues() {
		WeChatUser user = WeChatUser.withRegistration("default", "wx-test-app")
			.identity((identity) -> identity.openid("o-service"))
			.build();
		this.client.mutateWith(bearerToken(user, this.tokenService))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openid").isEqualTo("o-service");
		this.client.mutateWith(bearerToken().openid("o-service-2").tokenService(this.tokenService))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openid").isEqualTo("o-service-2");
	}

	@Test
	void bearerTokenWhenTamperedThenInvalidToken() {
		String accessToken = this.tokenService
			.issue(new io.github.wechatlogin.authentication.WeChatAuthentication(WeChatUser
				.withRegistration("default", "wx-test-app")
				.identity((identity) -> identity.openid("o-tampered"))
				.build()))
			.accessToken();
		String tampered = accessToken.substring(0, accessToken.length() - 2) + (accessToken.endsWith("AA") ? "BB" : "AA");

		this.client.get()
			.uri("/api/me")
			.headers((headers) -> headers.setBearerAuth(tampered))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_token");
	}

	@Test
	void bearerTokenWhenBoundToServerWithoutTokenServiceThenExplains() {
		WebTestClient server = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:1").build();

		assertThatIllegalStateException().isThrownBy(() -> server.mutateWith(bearerToken()))
			.withMessageContaining("bound to a running server");
	}

	@Test
	@WithMockWeChatUser(roles = { "USER", "ADMIN" })
	void withMockWeChatUserWhenAdminThenReactiveMethodSecurityAllows() {
		StepVerifier.create(this.adminService.secret()).expectNext("42").verifyComplete();
	}

	@Test
	@WithMockWeChatUser
	void withMockWeChatUserWhenNotAdminThenReactiveMethodSecurityDenies() {
		StepVerifier.create(this.adminService.secret()).expectError(AccessDeniedException.class).verify();
	}

	@Test
	@WithMockWeChatUser(roles = "ADMIN", appId = "wx-other")
	void withMockWeChatUserWhenOtherAppThenPrincipalExpressionDenies() {
		StepVerifier.create(this.adminService.secret()).expectError(AccessDeniedException.class).verify();
	}

}
