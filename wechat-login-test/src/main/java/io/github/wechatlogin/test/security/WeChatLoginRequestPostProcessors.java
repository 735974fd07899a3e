package io.github.wechatlogin.test.security;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatTokenResponse;
import io.github.wechatlogin.token.WeChatTokenService;

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
	public static final class WeChatUserRequestPostProcessor extends AbstractWeChatUserSpec<WeChatUserRequestPostProcessor>
			implements RequestPostProcessor {

		private WeChatUserRequestPostProcessor() {
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			return authenticate(request, user());
		}

	}

	/**
	 * A post-processor that sends a real access token issued for a WeChat user.
	 */
	public static final class BearerTokenRequestPostProcessor extends AbstractWeChatUserSpec<BearerTokenRequestPostProcessor>
			implements RequestPostProcessor {

		private BearerTokenRequestPostProcessor() {
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			return addBearerToken(request, user());
		}

	}

}
