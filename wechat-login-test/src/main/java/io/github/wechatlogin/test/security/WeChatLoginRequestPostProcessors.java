package io.github.wechatlogin.test.security;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatTokenResponse;
import io.github.wechatlogin.token.WeChatTokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.util.Assert;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * MockMvc request post-processors that log a request in as a WeChat user.
 * <ul>
 * <li>{@link #weChatUser()} puts a {@link WeChatAuthentication} in the request's security
 * context, like {@link WithMockWeChatUser} does for a whole test: quick, and independent of the
 * token machinery.</li>
 * <li>{@link #bearerToken()} issues a real access token with the application's
 * {@link WeChatTokenService} and sends it as {@code Authorization: Bearer ...}, so that the
 * whole bearer path runs: signature and expiry check, the conversion back into a
 * {@link WeChatUser}, the revocation check.</li>
 * </ul>
 * <pre class="code">
 * mvc.perform(get("/api/me").with(weChatUser().openid("o-1"))).andExpect(status().isOk());
 * mvc.perform(get("/api/admin/ping").with(bearerToken().roles("USER", "ADMIN"))).andExpect(status().isOk());
 * </pre>
 * Unless set, the user is {@code o-test-openid} of app {@code wx-test-app}, registration
 * {@code default}, login type {@code weixinMiniProgram}, with {@code ROLE_USER}, as with
 * {@link WithMockWeChatUser}.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginRequestPostProcessors {

	private WeChatLoginRequestPostProcessors() {
	}

	/**
	 * Log the request in as a WeChat user, to describe with the returned post-processor.
	 * @return the post-processor
	 */
	public static WeChatUserRequestPostProcessor weChatUser() {
		return new WeChatUserRequestPostProcessor();
	}

	/**
	 * Log the request in as the given WeChat user.
	 * @param user the user
	 * @return the post-processor
	 */
	public static RequestPostProcessor weChatUser(WeChatUser user) {
		Assert.notNull(user, "user cannot be null");
		return (request) -> authenticate(request, user);
	}

	/**
	 * Send a real access token for a WeChat user, to describe with the returned post-processor.
	 * @return the post-processor
	 */
	public static BearerTokenRequestPostProcessor bearerToken() {
		return new BearerTokenRequestPostProcessor();
	}

	/**
	 * Send a real access token for the given WeChat user.
	 * @param user the user
	 * @return the post-processor
	 */
	public static RequestPostProcessor bearerToken(WeChatUser user) {
		Assert.notNull(user, "user cannot be null");
		return (request) -> addBearerToken(request, user);
	}

	/**
	 * Issue tokens for a WeChat user with the application's {@link WeChatTokenService}, as a
	 * login would: for tests that need the refresh token too.
	 * @param request the request whose servlet context holds the application context
	 * @param user the user
	 * @return the tokens
	 * @throws IllegalStateException if the application has no {@link WeChatTokenService}
	 */
	public static WeChatTokenResponse issueTokens(MockHttpServletRequest request, WeChatUser user) {
		Assert.notNull(request, "request cannot be null");
		Assert.notNull(user, "user cannot be null");
		return tokenService(request).issue(new WeChatAuthentication(user));
	}

	private static MockHttpServletRequest authenticate(MockHttpServletRequest request, WeChatUser user) {
		return SecurityMockMvcRequestPostProcessors.authentication(new WeChatAuthentication(user))
			.postProcessRequest(request);
	}

	private static MockHttpServletRequest addBearerToken(MockHttpServletRequest request, WeChatUser user) {
		String accessToken = issueTokens(request, user).accessToken();
		request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
		return request;
	}

	private static WeChatTokenService tokenService(MockHttpServletRequest request) {
		WebApplicationContext context = WebApplicationContextUtils
			.findWebApplicationContext(request.getServletContext());
		Assert.state(context != null, "No WebApplicationContext found: bearerToken() needs a MockMvc built from the "
				+ "application context (@SpringBootTest with @AutoConfigureMockMvc, or "
				+ "MockMvcBuilders.webAppContextSetup(context))");
		try {
			return context.getBean(WeChatTokenService.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new IllegalStateException("bearerToken() needs the application's WeChatTokenService bean, "
					+ "which WeChat login auto-configures; is wechat-login-starter on the classpath?", ex);
		}
	}

	/**
	 * A post-processor that logs the request in as a WeChat user through the security context.
	 */
	public static final class WeChatUserRequestPostProcessor implements RequestPostProcessor {

		private final MockWeChatUser user = new MockWeChatUser();

		private WeChatUserRequestPostProcessor() {
		}

		/**
		 * Set the openid. Defaults to {@code o-test-openid}.
		 * @param openid the openid, or {@code null} for none (then a user id is required)
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor openid(@Nullable String openid) {
			this.user.openid(openid);
			return this;
		}

		/**
		 * Set the unionid. Defaults to none.
		 * @param unionid the unionid
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor unionid(@Nullable String unionid) {
			this.user.unionid(unionid);
			return this;
		}

		/**
		 * Set the app id. Defaults to {@code wx-test-app}.
		 * @param appId the app id
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor appId(String appId) {
			this.user.appId(appId);
			return this;
		}

		/**
		 * Set the registration id. Defaults to {@code default}.
		 * @param registrationId the registration id
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor registrationId(String registrationId) {
			this.user.registrationId(registrationId);
			return this;
		}

		/**
		 * Set the multi-terminal user id. Defaults to none.
		 * @param userId the user id
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor userId(@Nullable String userId) {
			this.user.userId(userId);
			return this;
		}

		/**
		 * Set the login type. Defaults to {@code weixinMiniProgram}.
		 * @param loginType the login type
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor loginType(String loginType) {
			this.user.loginType(loginType);
			return this;
		}

		/**
		 * Set the phone number. Defaults to none.
		 * @param phone the phone number
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor phone(@Nullable String phone) {
			this.user.phone(phone);
			return this;
		}

		/**
		 * Set the authorities. Defaults to {@code ROLE_USER}.
		 * @param authorities the authorities
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor authorities(String... authorities) {
			this.user.authorities(authorities);
			return this;
		}

		/**
		 * Set the authorities to the given roles, each as {@code ROLE_<role>}.
		 * @param roles the roles, without the {@code ROLE_} prefix
		 * @return this post-processor
		 */
		public WeChatUserRequestPostProcessor roles(String... roles) {
			this.user.roles(roles);
			return this;
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			return authenticate(request, this.user.build());
		}

	}

	/**
	 * A post-processor that sends a real access token issued for a WeChat user.
	 */
	public static final class BearerTokenRequestPostProcessor implements RequestPostProcessor {

		private final MockWeChatUser user = new MockWeChatUser();

		private BearerTokenRequestPostProcessor() {
		}

		/**
		 * Set the openid. Defaults to {@code o-test-openid}.
		 * @param openid the openid, or {@code null} for none (then a user id is required)
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor openid(@Nullable String openid) {
			this.user.openid(openid);
			return this;
		}

		/**
		 * Set the unionid. Defaults to none.
		 * @param unionid the unionid
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor unionid(@Nullable String unionid) {
			this.user.unionid(unionid);
			return this;
		}

		/**
		 * Set the app id. Defaults to {@code wx-test-app}.
		 * @param appId the app id
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor appId(String appId) {
			this.user.appId(appId);
			return this;
		}

		/**
		 * Set the registration id. Defaults to {@code default}.
		 * @param registrationId the registration id
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor registrationId(String registrationId) {
			this.user.registrationId(registrationId);
			return this;
		}

		/**
		 * Set the multi-terminal user id. Defaults to none.
		 * @param userId the user id
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor userId(@Nullable String userId) {
			this.user.userId(userId);
			return this;
		}

		/**
		 * Set the login type. Defaults to {@code weixinMiniProgram}.
		 * @param loginType the login type
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor loginType(String loginType) {
			this.user.loginType(loginType);
			return this;
		}

		/**
		 * Set the phone number. Defaults to none. The token carries it only when the
		 * application sets {@code wechat.login.token.phone-number-claim}, as a real one would.
		 * @param phone the phone number
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor phone(@Nullable String phone) {
			this.user.phone(phone);
			return this;
		}

		/**
		 * Set the authorities. Defaults to {@code ROLE_USER}.
		 * @param authorities the authorities
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor authorities(String... authorities) {
			this.user.authorities(authorities);
			return this;
		}

		/**
		 * Set the authorities to the given roles, each as {@code ROLE_<role>}.
		 * @param roles the roles, without the {@code ROLE_} prefix
		 * @return this post-processor
		 */
		public BearerTokenRequestPostProcessor roles(String... roles) {
			this.user.roles(roles);
			return this;
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			return addBearerToken(request, this.user.build());
		}

	}

}
