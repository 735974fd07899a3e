package io.github.wechatlogin.config;

import io.github.wechatlogin.authentication.WeChatAuthenticationProvider;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.token.WeChatJwtAuthenticationConverter;
import io.github.wechatlogin.token.WeChatJwkSet;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.AuthorizationHeaderBearerTokenResolver;
import io.github.wechatlogin.web.WeChatAccessDeniedHandler;
import io.github.wechatlogin.web.WeChatBearerTokenAuthenticationEntryPoint;
import io.github.wechatlogin.web.WeChatCodeAuthenticationConverter;
import io.github.wechatlogin.web.WeChatLoginAuthenticationFilter;
import io.github.wechatlogin.web.WeChatLoginRequestMatcher;
import io.github.wechatlogin.web.WeChatJwkSetEndpointFilter;
import io.github.wechatlogin.web.WeChatLoginSuccessHandler;
import io.github.wechatlogin.web.WeChatLogoutFilter;
import io.github.wechatlogin.web.WeChatTokenRefreshFilter;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.util.Assert;

/**
 * Adds WeChat login to an {@link HttpSecurity} chain:
 *
 * <pre class="code">
 * http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults());
 * </pre>
 *
 * It registers a {@link WeChatLoginAuthenticationFilter} on the login endpoints, a
 * {@link WeChatAuthenticationProvider} (never as a bean), the refresh endpoint
 * ({@code {loginPath}/refresh}), the logout endpoint ({@code POST /logout} with the bearer
 * token), the JWK Set endpoint ({@code /.well-known/jwks.json}) when tokens are signed with a
 * key pair, and, unless
 * {@link #bearerTokens(boolean) turned off}, validates bearer tokens with the {@link JwtDecoder}
 * and turns them back into the same {@code WeChatUser} principal. Errors are answered as
 * {@code application/problem+json} unless the chain sets its own entry point or access denied
 * handler. Because the login keeps no session by default, CSRF protection is not applied to the
 * login, refresh and logout endpoints.
 * <p>
 * Collaborators not set here are taken from the application context: a
 * {@link WeChatRegistrationRepository}, a {@link WeChatCodeExchanger}, a
 * {@link WeChatTokenService}, a {@link JwtDecoder}, and, if present, a
 * {@link WeChatLoginRequestMatcher}, a {@link WeChatUserService}, a {@link WeChatCodeGuard} and a
 * {@link WeChatJwkSet}. The auto-configuration
 * provides all of them.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginConfigurer extends AbstractHttpConfigurer<WeChatLoginConfigurer, HttpSecurity> {

	private @Nullable String loginPath;

	private @Nullable WeChatRegistrationRepository registrationRepository;

	private @Nullable WeChatCodeExchanger codeExchanger;

	private @Nullable WeChatUserService userService;

	private @Nullable WeChatTokenService tokenService;

	private String logoutPath = WeChatLogoutFilter.DEFAULT_LOGOUT_PATH;

	private @Nullable JwtDecoder jwtDecoder;

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	private boolean bearerTokens = true;

	private final AuthenticationEntryPoint authenticationEntryPoint = new WeChatBearerTokenAuthenticationEntryPoint();

	private final AccessDeniedHandler accessDeniedHandler = new WeChatAccessDeniedHandler();

	private @Nullable WeChatLoginRequestMatcher loginRequestMatcher;

	/**
	 * Create a configurer; prefer {@link #weChatLogin()}.
	 */
	public WeChatLoginConfigurer() {
	}

	/**
	 * Create a configurer, for {@code http.with(weChatLogin(), customizer)}.
	 * @return a new configurer
	 */
	public static WeChatLoginConfigurer weChatLogin() {
		return new WeChatLoginConfigurer();
	}

	/**
	 * Set the login path. Defaults to the path of the {@link WeChatLoginRequestMatcher} bean, or
	 * {@value WeChatLoginRequestMatcher#DEFAULT_LOGIN_PATH}.
	 * @param loginPath the login path
	 * @return this configurer
	 */
	public WeChatLoginConfigurer loginPath(String loginPath) {
		Assert.hasText(loginPath, "loginPath cannot be empty");
		this.loginPath = loginPath;
		return this;
	}

	/**
	 * Set the registrations. Defaults to the {@link WeChatRegistrationRepository} bean.
	 * @param registrationRepository the registrations
	 * @return this configurer
	 */
	public WeChatLoginConfigurer registrationRepository(WeChatRegistrationRepository registrationRepository) {
		Assert.notNull(registrationRepository, "registrationRepository cannot be null");
		this.registrationRepository = registrationRepository;
		return this;
	}

	/**
	 * Set the code exchanger. Defaults to the {@link WeChatCodeExchanger} bean.
	 * @param codeExchanger the code exchanger
	 * @return this configurer
	 */
	public WeChatLoginConfigurer codeExchanger(WeChatCodeExchanger codeExchanger) {
		Assert.notNull(codeExchanger, "codeExchanger cannot be null");
		this.codeExchanger = codeExchanger;
		return this;
	}

	/**
	 * Set the user service. Defaults to the {@link WeChatUserService} bean, if any, otherwise a
	 * {@code DefaultWeChatUserService}.
	 * @param userService the user service
	 * @return this configurer
	 */
	public WeChatLoginConfigurer userService(WeChatUserService userService) {
		Assert.notNull(userService, "userService cannot be null");
		this.userService = userService;
		return this;
	}

	/**
	 * Set the token service. Defaults to the {@link WeChatTokenService} bean.
	 * @param tokenService the token service
	 * @return this configurer
	 */
	public WeChatLoginConfigurer tokenService(WeChatTokenService tokenService) {
		Assert.notNull(tokenService, "tokenService cannot be null");
		this.tokenService = tokenService;
		return this;
	}

	/**
	 * Set the path where a {@code POST} with a bearer token logs out. Defaults to
	 * {@value WeChatLogoutFilter#DEFAULT_LOGOUT_PATH}.
	 * @param logoutPath the logout path
	 * @return this configurer
	 */
	public WeChatLoginConfigurer logoutPath(String logoutPath) {
		Assert.hasText(logoutPath, "logoutPath cannot be empty");
		this.logoutPath = logoutPath;
		return this;
	}

	/**
	 * Set the decoder of bearer tokens. Defaults to the {@link JwtDecoder} bean.
	 * @param jwtDecoder the decoder
	 * @return this configurer
	 */
	public WeChatLoginConfigurer jwtDecoder(JwtDecoder jwtDecoder) {
		Assert.notNull(jwtDecoder, "jwtDecoder cannot be null");
		this.jwtDecoder = jwtDecoder;
		return this;
	}

	/**
	 * Set where a successful login's security context is kept. Defaults to a
	 * {@link RequestAttributeSecurityContextRepository}: the client authenticates later requests
	 * with the issued token, not a session.
	 * @param securityContextRepository the repository
	 * @return this configurer
	 */
	public WeChatLoginConfigurer securityContextRepository(SecurityContextRepository securityContextRepository) {
		Assert.notNull(securityContextRepository, "securityContextRepository cannot be null");
		this.securityContextRepository = securityContextRepository;
		return this;
	}

	/**
	 * Set whether to validate the issued tokens on later requests through
	 * {@code oauth2ResourceServer().jwt()}. Defaults to {@code true}; turn it off to configure
	 * the resource server yourself (use {@link WeChatJwtAuthenticationConverter}). The resource
	 * server and the logout endpoint read the token with the application context's
	 * {@link BearerTokenResolver} bean, if there is one (the auto-configuration registers an
	 * {@link AuthorizationHeaderBearerTokenResolver}); a resolver set on
	 * {@code oauth2ResourceServer()} itself is kept.
	 * @param bearerTokens whether to validate bearer tokens
	 * @return this configurer
	 */
	public WeChatLoginConfigurer bearerTokens(boolean bearerTokens) {
		this.bearerTokens = bearerTokens;
		return this;
	}

	@Override
	public void init(HttpSecurity http) {
		WeChatRegistrationRepository registrations = getRegistrationRepository(http);
		WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(registrations,
				getBean(http, WeChatCodeExchanger.class, this.codeExchanger));
		WeChatUserService userService = (this.userService != null) ? this.userService
				: getContext(http).getBeanProvider(WeChatUserService.class).getIfAvailable();
		if (userService != null) {
			provider.setUserService(userService);
		}
		WeChatCodeGuard codeGuard = getContext(http).getBeanProvider(WeChatCodeGuard.class).getIfUnique();
		if (codeGuard != null) {
			provider.setCodeGuard(codeGuard);
		}
		http.authenticationProvider(postProcess(provider));
		WeChatLoginRequestMatcher matcher = getLoginRequestMatcher(http);
		if (this.securityContextRepository instanceof RequestAttributeSecurityContextRepository) {
			CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
			if (csrf != null) {
				csrf.ignoringRequestMatchers(matcher, refreshMatcher(matcher),
						PathPatternRequestMatcher.withDefaults().matcher(this.logoutPath));
			}
		}
		ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling = http
			.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptionHandling != null) {
			exceptionHandling.defaultAuthenticationEntryPointFor(this.authenticationEntryPoint,
					AnyRequestMatcher.INSTANCE);
			exceptionHandling.defaultAccessDeniedHandlerFor(this.accessDeniedHandler, AnyRequestMatcher.INSTANCE);
		}
		if (this.bearerTokens) {
			JwtDecoder decoder = getBean(http, JwtDecoder.class, this.jwtDecoder);
			WeChatJwtAuthenticationConverter converter = new WeChatJwtAuthenticationConverter();
			converter.setTokenService(getTokenService(http));
			http.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
				.authenticationEntryPoint(this.authenticationEntryPoint)
				.accessDeniedHandler(this.accessDeniedHandler)
				.protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer(
						(resource) -> resource.tlsClientCertificateBoundAccessTokens(false))));
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		WeChatLoginRequestMatcher matcher = getLoginRequestMatcher(http);
		WeChatCodeAuthenticationConverter converter = new WeChatCodeAuthenticationConverter(matcher,
				getRegistrationRepository(http));
		WeChatLoginAuthenticationFilter filter = new WeChatLoginAuthenticationFilter(matcher, converter,
				http.getSharedObject(AuthenticationManager.class));
		WeChatTokenService tokenService = getTokenService(http);
		filter.setAuthenticationSuccessHandler(new WeChatLoginSuccessHandler(tokenService));
		filter.setSecurityContextRepository(this.securityContextRepository);
		SessionAuthenticationStrategy sessionStrategy = http.getSharedObject(SessionAuthenticationStrategy.class);
		if (sessionStrategy != null) {
			filter.setSessionAuthenticationStrategy(sessionStrategy);
		}
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		filter.setApplicationEventPublisher(getContext(http));
		ObservationRegistry observationRegistry = getContext(http).getBeanProvider(ObservationRegistry.class)
			.getIfUnique();
		if (observationRegistry != null) {
			filter.setObservationRegistry(observationRegistry);
		}
		http.addFilterBefore(postProcess(filter), BearerTokenAuthenticationFilter.class);
		http.addFilterBefore(postProcess(new WeChatTokenRefreshFilter(matcher.getLoginPath(), tokenService)),
				BearerTokenAuthenticationFilter.class);
		if (this.bearerTokens) {
			WeChatLogoutFilter logoutFilter = new WeChatLogoutFilter(this.logoutPath,
					getBean(http, JwtDecoder.class, this.jwtDecoder), tokenService);
			BearerTokenResolver bearerTokenResolver = getContext(http).getBeanProvider(BearerTokenResolver.class)
				.getIfUnique();
			if (bearerTokenResolver != null) {
				logoutFilter.setBearerTokenResolver(bearerTokenResolver);
			}
			http.addFilterBefore(postProcess(logoutFilter), LogoutFilter.class);
		}
		WeChatJwkSet jwkSet = getContext(http).getBeanProvider(WeChatJwkSet.class).getIfUnique();
		if (jwkSet != null) {
			http.addFilterBefore(postProcess(new WeChatJwkSetEndpointFilter(
					WeChatJwkSetEndpointFilter.DEFAULT_JWK_SET_PATH, jwkSet)), LogoutFilter.class);
		}
	}

	private WeChatTokenService getTokenService(HttpSecurity http) {
		if (this.tokenService == null) {
			this.tokenService = getBean(http, WeChatTokenService.class, null);
		}
		return this.tokenService;
	}

	private static PathPatternRequestMatcher refreshMatcher(WeChatLoginRequestMatcher matcher) {
		return PathPatternRequestMatcher.withDefaults()
			.matcher(matcher.getLoginPath() + WeChatTokenRefreshFilter.REFRESH_PATH);
	}

	private WeChatLoginRequestMatcher getLoginRequestMatcher(HttpSecurity http) {
		if (this.loginRequestMatcher == null) {
			WeChatLoginRequestMatcher bean = (this.loginPath == null && this.registrationRepository == null)
					? getContext(http).getBeanProvider(WeChatLoginRequestMatcher.class).getIfAvailable() : null;
			this.loginRequestMatcher = (bean != null) ? bean
					: new WeChatLoginRequestMatcher(
							(this.loginPath != null) ? this.loginPath : WeChatLoginRequestMatcher.DEFAULT_LOGIN_PATH,
							getRegistrationRepository(http));
		}
		return this.loginRequestMatcher;
	}

	private WeChatRegistrationRepository getRegistrationRepository(HttpSecurity http) {
		if (this.registrationRepository == null) {
			this.registrationRepository = getBean(http, WeChatRegistrationRepository.class, null);
		}
		return this.registrationRepository;
	}

	private static <T> T getBean(HttpSecurity http, Class<T> type, @Nullable T configured) {
		if (configured != null) {
			return configured;
		}
		T bean = getContext(http).getBeanProvider(type).getIfUnique();
		Assert.state(bean != null, () -> "WeChat login needs a bean of type " + type.getName()
				+ " or a value set on the WeChatLoginConfigurer; is wechat-login-autoconfigure on the classpath?");
		return bean;
	}

	private static ApplicationContext getContext(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null, "WeChatLoginConfigurer needs an ApplicationContext");
		return context;
	}

}
