package io.github.wechatlogin.test.security;

import java.util.function.Supplier;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatTokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;
import org.springframework.util.Assert;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * {@link WebTestClient} mutators that log a request in as a WeChat user on a WebFlux
 * application, the counterparts of {@link WeChatLoginRequestPostProcessors} for MockMvc.
 * <ul>
 * <li>{@link #weChatUser()} puts a {@link WeChatAuthentication} in the request's security
 * context, like {@link WithMockWeChatUser} does for a whole test: quick, and independent of the
 * token machinery. It needs a client bound to the application
 * ({@code WebTestClient.bindToApplicationContext(context).apply(springSecurity())}, or
 * {@code @AutoConfigureWebTestClient} in a mock web environment).</li>
 * <li>{@link #bearerToken()} issues a real access token with the application's
 * {@link WeChatTokenService} and sends it as {@code Authorization: Bearer ...}, so that the
 * whole bearer path runs: signature and expiry check, the conversion back into a
 * {@link WeChatUser}, the revocation check. On a client bound to the application it finds the
 * token service itself; on a client bound to a running server
 * ({@code webEnvironment = RANDOM_PORT}) give it the service with
 * {@link BearerTokenMutator#tokenService(WeChatTokenService)}.</li>
 * </ul>
 * <pre class="code">
 * client.mutateWith(weChatUser().openid("o-1")).get().uri("/api/me").exchange().expectStatus().isOk();
 * client.mutateWith(bearerToken().roles("USER", "ADMIN")).get().uri("/api/admin/ping").exchange().expectStatus().isOk();
 * </pre>
 * Unless set, the user is {@code o-test-openid} of app {@code wx-test-app}, registration
 * {@code default}, login type {@code weixinMiniProgram}, with {@code ROLE_USER}, as with
 * {@link WithMockWeChatUser}.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginMockServerConfigurers {

	private WeChatLoginMockServerConfigurers() {
	}

	/**
	 * Log the request in as a WeChat user, to describe with the returned mutator.
	 * @return the mutator
	 */
	public static WeChatUserMutator weChatUser() {
		return new WeChatUserMutator();
	}

	/**
	 * Log the request in as the given WeChat user.
	 * @param <T> the type of the mutator
	 * @param user the user
	 * @return the mutator
	 */
	public static <T extends WebTestClientConfigurer & MockServerConfigurer> T weChatUser(WeChatUser user) {
		Assert.notNull(user, "user cannot be null");
		return SecurityMockServerConfigurers.mockAuthentication(new WeChatAuthentication(user));
	}

	/**
	 * Send a real access token for a WeChat user, to describe with the returned mutator.
	 * @return the mutator
	 */
	public static BearerTokenMutator bearerToken() {
		return new BearerTokenMutator();
	}

	/**
	 * Send a real access token for the given WeChat user, issued with the application's token
	 * service (a client bound to the application).
	 * @param <T> the type of the mutator
	 * @param user the user
	 * @return the mutator
	 */
	public static <T extends WebTestClientConfigurer & MockServerConfigurer> T bearerToken(WeChatUser user) {
		Assert.notNull(user, "user cannot be null");
		return cast(new BearerTokenConfigurer(() -> user, () -> null));
	}

	/**
	 * Send a real access token for the given WeChat user, issued with the given token service
	 * (any client, also one bound to a running server).
	 * @param <T> the type of the mutator
	 * @param user the user
	 * @param tokenService the token service (an {@code @Autowired WeChatTokenService} of the
	 * test)
	 * @return the mutator
	 */
	public static <T extends WebTestClientConfigurer & MockServerConfigurer> T bearerToken(WeChatUser user,
			WeChatTokenService tokenService) {
		Assert.notNull(user, "user cannot be null");
		Assert.notNull(tokenService, "tokenService cannot be null");
		return cast(new BearerTokenConfigurer(() -> user, () -> tokenService));
	}

	@SuppressWarnings("unchecked")
	private static <T extends WebTestClientConfigurer & MockServerConfigurer> T cast(BearerTokenConfigurer configurer) {
		return (T) configurer;
	}

	/**
	 * A mutator that logs the request in as a WeChat user through the security context.
	 */
	public static final class WeChatUserMutator extends AbstractWeChatUserSpec<WeChatUserMutator>
			implements WebTestClientConfigurer, MockServerConfigurer {

		private WeChatUserMutator() {
		}

		@Override
		public void beforeServerCreated(WebHttpHandlerBuilder builder) {
			configurer().beforeServerCreated(builder);
		}

		@Override
		public void afterConfigureAdded(WebTestClient.MockServerSpec<?> serverSpec) {
			configurer().afterConfigureAdded(serverSpec);
		}

		@Override
		public void afterConfigurerAdded(WebTestClient.Builder builder,
				@Nullable WebHttpHandlerBuilder httpHandlerBuilder, @Nullable ClientHttpConnector connector) {
			configurer().afterConfigurerAdded(builder, httpHandlerBuilder, connector);
		}

		private <T extends WebTestClientConfigurer & MockServerConfigurer> T configurer() {
			return SecurityMockServerConfigurers.mockAuthentication(new WeChatAuthentication(user()));
		}

	}

	/**
	 * A mutator that sends a real access token issued for a WeChat user.
	 */
	public static final class BearerTokenMutator extends AbstractWeChatUserSpec<BearerTokenMutator>
			implements WebTestClientConfigurer, MockServerConfigurer {

		private @Nullable WeChatTokenService tokenService;

		private final BearerTokenConfigurer configurer = new BearerTokenConfigurer(this::user, () -> this.tokenService);

		private BearerTokenMutator() {
		}

		/**
		 * Issue the token with this service rather than the application's bean: needed when
		 * the client is bound to a running server, where the mutator cannot reach the
		 * application.
		 * @param tokenService the token service (an {@code @Autowired WeChatTokenService} of
		 * the test)
		 * @return this mutator
		 */
		public BearerTokenMutator tokenService(WeChatTokenService tokenService) {
			Assert.notNull(tokenService, "tokenService cannot be null");
			this.tokenService = tokenService;
			return this;
		}

		@Override
		public void beforeServerCreated(WebHttpHandlerBuilder builder) {
			this.configurer.beforeServerCreated(builder);
		}

		@Override
		public void afterConfigurerAdded(WebTestClient.Builder builder,
				@Nullable WebHttpHandlerBuilder httpHandlerBuilder, @Nullable ClientHttpConnector connector) {
			this.configurer.afterConfigurerAdded(builder, httpHandlerBuilder, connector);
		}

	}

	/**
	 * Sends a real access token: on a client bound to the application, a first web filter adds
	 * the header (and finds the token service in the exchange's application context unless one
	 * was given); on a client bound to a running server, a default header.
	 */
	private static final class BearerTokenConfigurer implements WebTestClientConfigurer, MockServerConfigurer {

		private final Supplier<WeChatUser> user;

		private final Supplier<@Nullable WeChatTokenService> tokenService;

		BearerTokenConfigurer(Supplier<WeChatUser> user, Supplier<@Nullable WeChatTokenService> tokenService) {
			this.user = user;
			this.tokenService = tokenService;
		}

		@Override
		public void beforeServerCreated(WebHttpHandlerBuilder builder) {
			builder.filters((filters) -> filters.add(0, bearerTokenFilter()));
		}

		@Override
		public void afterConfigurerAdded(WebTestClient.Builder builder,
				@Nullable WebHttpHandlerBuilder httpHandlerBuilder, @Nullable ClientHttpConnector connector) {
			if (httpHandlerBuilder != null) {
				beforeServerCreated(httpHandlerBuilder);
				return;
			}
			WeChatTokenService service = this.tokenService.get();
			Assert.state(service != null, "This WebTestClient is bound to a running server, out of bearerToken()'s "
					+ "reach: give it the token service with bearerToken().tokenService(tokenService) (an "
					+ "@Autowired WeChatTokenService of the test)");
			String accessToken = accessToken(service, this.user.get());
			builder.defaultHeaders((headers) -> headers.setBearerAuth(accessToken));
		}

		private WebFilter bearerTokenFilter() {
			return (exchange, chain) -> {
				WeChatTokenService given = this.tokenService.get();
				WeChatTokenService service = (given != null) ? given : tokenService(exchange.getApplicationContext());
				String accessToken = accessToken(service, this.user.get());
				return chain.filter(exchange.mutate()
					.request((request) -> request.headers((headers) -> headers.setBearerAuth(accessToken)))
					.build());
			};
		}

	}

	private static WeChatTokenService tokenService(@Nullable ApplicationContext context) {
		Assert.state(context != null, "No ApplicationContext found: bearerToken() needs a WebTestClient bound to the "
				+ "application (WebTestClient.bindToApplicationContext(context)), or the token service given with "
				+ "bearerToken().tokenService(...) when the client is bound to a running server");
		try {
			return context.getBean(WeChatTokenService.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new IllegalStateException("bearerToken() needs the application's WeChatTokenService bean, "
					+ "which WeChat login auto-configures; is wechat-login-starter on the classpath?", ex);
		}
	}

	private static String accessToken(WeChatTokenService tokenService, WeChatUser user) {
		return tokenService.issue(new WeChatAuthentication(user)).accessToken();
	}

}
