package io.github.wechatlogin.config.web.server;

import java.util.List;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.ReactiveWeChatCodeGuard;
import io.github.wechatlogin.authentication.ReactiveWeChatUserService;
import io.github.wechatlogin.authentication.UserServiceWeChatUserReloader;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.authentication.WeChatReactiveAuthenticationManager;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.client.ReactiveWeChatCodeExchanger;
import io.github.wechatlogin.config.WeChatLoginBeans;
import io.github.wechatlogin.config.WeChatLoginConfigurer;
import io.github.wechatlogin.config.WeChatLoginPaths;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.token.InMemoryWeChatRefreshTokenStore;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.github.wechatlogin.token.ReactiveWeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatJwkSet;
import io.github.wechatlogin.token.WeChatJwtAuthenticationConverter;
import io.github.wechatlogin.token.WeChatJwtCodecs;
import io.github.wechatlogin.token.WeChatReactiveJwtAuthenticationConverter;
import io.github.wechatlogin.token.WeChatReactiveJwtDecoder;
import io.github.wechatlogin.token.WeChatRefreshTokenStore;
import io.github.wechatlogin.token.WeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.server.AuthorizationHeaderServerBearerTokenConverter;
import io.github.wechatlogin.web.server.WeChatBearerTokenServerAuthenticationEntryPoint;
import io.github.wechatlogin.web.server.WeChatJwkSetWebFilter;
import io.github.wechatlogin.web.server.WeChatLoginServerWebExchangeMatcher;
import io.github.wechatlogin.web.server.WeChatLoginWebFilter;
import io.github.wechatlogin.web.server.WeChatLogoutWebFilter;
import io.github.wechatlogin.web.server.WeChatServerAccessDeniedHandler;
import io.github.wechatlogin.web.server.WeChatServerLoginSuccessHandler;
import io.github.wechatlogin.web.server.WeChatTokenRefreshWebFilter;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.util.Assert;

/**
 * Adds WeChat login to a {@link ServerHttpSecurity} (WebFlux), the counterpart of the servlet
 * {@link WeChatLoginConfigurer}:
 *
 * <pre class="code">
 * &#64;Bean
 * SecurityWebFilterChain api(ServerHttpSecurity http, ApplicationContext context) {
 *     weChatLogin(context).loginPath("/api/login").configure(http);
 *     http.authorizeExchange((exchanges) -&gt; exchanges.anyExchange().authenticated());
 *     return http.build();
 * }
 * </pre>
 *
 * or, as a {@link Customizer Customizer&lt;ServerHttpSecurity&gt;},
 * {@code weChatLogin(context).customize(http)}. It adds a {@link WeChatLoginWebFilter} on the
 * login endpoints, the refresh endpoint, the logout endpoint ({@code POST} with the bearer
 * token), the JWK Set endpoint when tokens are signed with a key pair, and, unless
 * {@link #bearerTokens(boolean) turned off}, validates bearer tokens through
 * {@code oauth2ResourceServer().jwt()} with the decoder of the {@link WeChatJwtCodecs} and turns
 * them back into the same {@code WeChatUser} principal. Errors are answered as
 * {@code application/problem+json}: the configurer sets the chain's entry point and access denied
 * handler, so an {@code exceptionHandling(...)} of the application's own must come after
 * {@link #configure(ServerHttpSecurity)}. The endpoints come before Spring Security's CSRF filter:
 * the login keeps no session, and a logout needs the bearer token.
 * <p>
 * The paths default to the {@link WeChatLoginPaths} bean ({@code wechat.login.*}), then to
 * {@link WeChatLoginPaths#defaults()}. Collaborators not set here are taken from the
 * application context: a {@link WeChatRegistrationRepository}, a {@link WeChatTokenService},
 * {@link WeChatJwtCodecs}, the {@link ReactiveAuthenticationManager} of WeChat logins named
 * {@value #AUTHENTICATION_MANAGER_BEAN_NAME} (not a default candidate, so that the
 * application's own logins never see it), and, if present, a {@link WeChatUserService}, a
 * {@link WeChatJwkSet} and an {@link AuthenticationEventPublisher}. The auto-configuration
 * provides them. Not on WebFlux yet: the phone number endpoint and the {@code session_key}
 * (see docs/webflux-and-gateway.md).
 *
 * @author wechat-login developers
 */
public final class WeChatLoginServerConfigurer implements Customizer<ServerHttpSecurity> {

	/**
	 * The name of the bean of the {@link ReactiveAuthenticationManager} of
	 * {@link WeChatCodeAuthenticationToken}s.
	 */
	public static final String AUTHENTICATION_MANAGER_BEAN_NAME = "weChatLoginReactiveAuthenticationManager";

	private final ApplicationContext context;

	private @Nullable String loginPath;

	private @Nullable String refreshPath;

	private @Nullable String logoutPath;

	private @Nullable String jwkSetPath;

	private @Nullable WeChatRegistrationRepository registrationRepository;

	private @Nullable ReactiveAuthenticationManager authenticationManager;

	private @Nullable WeChatTokenService tokenService;

	private @Nullable JwtDecoder jwtDecoder;

	private @Nullable ServerAuthenticationSuccessHandler successHandler;

	private @Nullable ServerAuthenticationFailureHandler failureHandler;

	private @Nullable Scheduler tokenScheduler;

	private boolean bearerTokens = true;

	private final ServerAuthenticationEntryPoint authenticationEntryPoint = new WeChatBearerTokenServerAuthenticationEntryPoint();

	private final ServerAccessDeniedHandler accessDeniedHandler = new WeChatServerAccessDeniedHandler();

	private WeChatLoginServerConfigurer(ApplicationContext context) {
		Assert.notNull(context, "context cannot be null");
		this.context = context;
	}

	/**
	 * Create a configurer whose collaborators default to the beans of the context.
	 * @param context the application context
	 * @return a new configurer
	 */
	public static WeChatLoginServerConfigurer weChatLogin(ApplicationContext context) {
		return new WeChatLoginServerConfigurer(context);
	}

	/**
	 * Set whether to validate the issued tokens on later requests through
	 * {@code oauth2ResourceServer().jwt()}. Defaults to {@code true}; without bearer tokens there
	 * is no logout endpoint either.
	 * @param bearerTokens whether to validate bearer tokens
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer bearerTokens(boolean bearerTokens) {
		this.bearerTokens = bearerTokens;
		return this;
	}

	/**
	 * Set where the token service and the bearer token checks run. Defaults to the caller's
	 * thread ({@link Schedulers#immediate()}) when the token stores are the in-memory ones and
	 * the registrations a fixed set (CPU only), and to {@link Schedulers#boundedElastic()}
	 * otherwise (the Redis stores and a database block; reactive Redis stores are a later step).
	 * A refresh runs on {@link Schedulers#boundedElastic()} unless this is set, since it asks
	 * the application's {@code WeChatUserService} about the user again; so does everything when
	 * the token service is given with {@link #tokenService}, whose stores are not known here.
	 * @param tokenScheduler the scheduler
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer tokenScheduler(Scheduler tokenScheduler) {
		Assert.notNull(tokenScheduler, "tokenScheduler cannot be null");
		this.tokenScheduler = tokenScheduler;
		return this;
	}

	/**
	 * Set the login path of the default registration; other registrations log in at
	 * {@code {loginPath}/{registrationId}}. Defaults to the {@link WeChatLoginPaths} bean's
	 * ({@code wechat.login.login-path}), or {@code /login/wechat}.
	 * @param loginPath the login path
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer loginPath(String loginPath) {
		WeChatLoginPaths.assertPlainPath(loginPath, "loginPath");
		this.loginPath = loginPath;
		return this;
	}

	/**
	 * Set the path of the refresh endpoint. Defaults to the {@link WeChatLoginPaths} bean's
	 * ({@code wechat.login.refresh-path}), or {@code {loginPath}/refresh}.
	 * @param refreshPath the refresh path
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer refreshPath(String refreshPath) {
		WeChatLoginPaths.assertPlainPath(refreshPath, "refreshPath");
		this.refreshPath = refreshPath;
		return this;
	}

	/**
	 * Set the path where a {@code POST} with a bearer token logs out. Defaults to the
	 * {@link WeChatLoginPaths} bean's ({@code wechat.login.logout-path}), or {@code /logout}.
	 * @param logoutPath the logout path
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer logoutPath(String logoutPath) {
		WeChatLoginPaths.assertPlainPath(logoutPath, "logoutPath");
		this.logoutPath = logoutPath;
		return this;
	}

	/**
	 * Set the path of the JWK Set endpoint, published when a {@link WeChatJwkSet} bean exists.
	 * Defaults to the {@link WeChatLoginPaths} bean's ({@code wechat.login.jwk-set-path}), or
	 * {@code /.well-known/jwks.json}.
	 * @param jwkSetPath the path of the JWK Set
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer jwkSetPath(String jwkSetPath) {
		WeChatLoginPaths.assertPlainPath(jwkSetPath, "jwkSetPath");
		this.jwkSetPath = jwkSetPath;
		return this;
	}

	/**
	 * Set the registrations: the login endpoints of the chain and the registration each login's
	 * code is redeemed for. Defaults to the {@link WeChatRegistrationRepository} bean. Unless an
	 * {@link #authenticationManager} is set too, the chain's logins go through a
	 * {@link WeChatReactiveAuthenticationManager} over these registrations, built from the
	 * context's {@link ReactiveWeChatCodeExchanger}, {@link ReactiveWeChatCodeGuard} and user
	 * service (a {@link ReactiveWeChatUserService}, else a {@link WeChatUserService}), as the
	 * auto-configured manager is.
	 * @param registrationRepository the registrations
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer registrationRepository(WeChatRegistrationRepository registrationRepository) {
		Assert.notNull(registrationRepository, "registrationRepository cannot be null");
		this.registrationRepository = registrationRepository;
		return this;
	}

	/**
	 * Set the manager that authenticates {@link WeChatCodeAuthenticationToken}s. Defaults to the
	 * bean named {@value #AUTHENTICATION_MANAGER_BEAN_NAME}.
	 * @param authenticationManager the manager
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer authenticationManager(ReactiveAuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		this.authenticationManager = authenticationManager;
		return this;
	}

	/**
	 * Set the token service. Defaults to the {@link WeChatTokenService} bean.
	 * @param tokenService the token service
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer tokenService(WeChatTokenService tokenService) {
		Assert.notNull(tokenService, "tokenService cannot be null");
		this.tokenService = tokenService;
		return this;
	}

	/**
	 * Set the decoder of the bearer tokens of WeChat logins; it must not block. Defaults to the
	 * decoder of the {@link WeChatJwtCodecs} bean.
	 * @param jwtDecoder the decoder
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer jwtDecoder(JwtDecoder jwtDecoder) {
		Assert.notNull(jwtDecoder, "jwtDecoder cannot be null");
		this.jwtDecoder = jwtDecoder;
		return this;
	}

	/**
	 * Set what answers a successful login. Defaults to a {@link WeChatServerLoginSuccessHandler}
	 * (the tokens as JSON).
	 * @param successHandler the handler
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer successHandler(ServerAuthenticationSuccessHandler successHandler) {
		Assert.notNull(successHandler, "successHandler cannot be null");
		this.successHandler = successHandler;
		return this;
	}

	/**
	 * Set what answers a failed login. Defaults to a
	 * {@link io.github.wechatlogin.web.server.WeChatServerLoginFailureHandler} (problem JSON).
	 * @param failureHandler the handler
	 * @return this configurer
	 */
	public WeChatLoginServerConfigurer failureHandler(ServerAuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler cannot be null");
		this.failureHandler = failureHandler;
		return this;
	}

	@Override
	public void customize(ServerHttpSecurity http) {
		configure(http);
	}

	/**
	 * Add WeChat login to the chain.
	 * @param http the chain's builder
	 * @return the same builder, to go on configuring it
	 */
	public ServerHttpSecurity configure(ServerHttpSecurity http) {
		WeChatLoginPaths paths = getOptionalBean(WeChatLoginPaths.class);
		if (paths == null) {
			paths = WeChatLoginPaths.defaults();
		}
		String loginPath = (this.loginPath != null) ? this.loginPath : paths.getLoginPath();
		String refreshPath = (this.refreshPath != null) ? this.refreshPath : paths.refreshPathFor(loginPath);
		String logoutPath = (this.logoutPath != null) ? this.logoutPath : paths.getLogoutPath();
		String jwkSetPath = (this.jwkSetPath != null) ? this.jwkSetPath : paths.getJwkSetPath();
		WeChatRegistrationRepository registrations = (this.registrationRepository != null)
				? this.registrationRepository : getRequiredBean(WeChatRegistrationRepository.class);
		WeChatTokenService tokenService = (this.tokenService != null) ? this.tokenService
				: getRequiredBean(WeChatTokenService.class);
		Scheduler scheduler = (this.tokenScheduler != null) ? this.tokenScheduler : defaultScheduler(registrations);
		WeChatLoginServerWebExchangeMatcher login = new WeChatLoginServerWebExchangeMatcher(loginPath, registrations);
		login.setReservedPaths(List.of(refreshPath, logoutPath, jwkSetPath, paths.phoneNumberPathFor(loginPath)));
		WeChatServerLoginSuccessHandler tokens = new WeChatServerLoginSuccessHandler(tokenService, scheduler);
		WeChatLoginWebFilter loginFilter = new WeChatLoginWebFilter(login, registrations,
				getAuthenticationManager(registrations),
				(this.successHandler != null) ? this.successHandler : tokens);
		if (this.failureHandler != null) {
			loginFilter.setAuthenticationFailureHandler(this.failureHandler);
		}
		loginFilter.setAuthenticationEventPublisher(getOptionalBean(AuthenticationEventPublisher.class));
		loginFilter.setApplicationEventPublisher(this.context);
		http.addFilterBefore(loginFilter, SecurityWebFiltersOrder.CSRF);
		WeChatUserService userService = getOptionalBean(WeChatUserService.class);
		WeChatTokenRefreshWebFilter refresh = new WeChatTokenRefreshWebFilter(
				new PathPatternParserServerWebExchangeMatcher(refreshPath), tokenService,
				new UserServiceWeChatUserReloader(registrations,
						(userService != null) ? userService : new DefaultWeChatUserService()));
		if (this.tokenScheduler != null) {
			// by default off the event loop: the application's user service is asked again
			refresh.setScheduler(this.tokenScheduler);
		}
		http.addFilterBefore(refresh, SecurityWebFiltersOrder.CSRF);
		WeChatJwkSet jwkSet = getOptionalBean(WeChatJwkSet.class);
		if (jwkSet != null) {
			http.addFilterBefore(new WeChatJwkSetWebFilter(
					new PathPatternParserServerWebExchangeMatcher(jwkSetPath, HttpMethod.GET), jwkSet),
					SecurityWebFiltersOrder.CSRF);
		}
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.authenticationEntryPoint)
			.accessDeniedHandler(this.accessDeniedHandler));
		if (this.bearerTokens) {
			configureBearerTokens(http, logoutPath, registrations, tokenService, scheduler);
		}
		return http;
	}

	private void configureBearerTokens(ServerHttpSecurity http, String logoutPath,
			WeChatRegistrationRepository registrations, WeChatTokenService tokenService, Scheduler scheduler) {
		JwtDecoder decoder = (this.jwtDecoder != null) ? this.jwtDecoder
				: getRequiredBean(WeChatJwtCodecs.class).getDecoder();
		WeChatLogoutWebFilter logout = new WeChatLogoutWebFilter(
				new PathPatternParserServerWebExchangeMatcher(logoutPath, HttpMethod.POST), decoder, tokenService);
		logout.setScheduler(scheduler);
		// no store of session keys on WebFlux yet; one the application declares is forgotten at
		// logout, as on the servlet stack
		logout.setSessionKeyStore(getOptionalBean(WeChatSessionKeyStore.class));
		http.addFilterBefore(logout, SecurityWebFiltersOrder.CSRF);
		// the starter's token service, whose revocations a reactive store reads (Redis): checked
		// without a thread hop, and the rest of the conversion on the caller's thread when it is CPU only
		ReactiveWeChatTokenRevocationStore reactiveRevocations = (this.tokenService == null
				&& tokenService instanceof JwtWeChatTokenService)
						? getOptionalBean(ReactiveWeChatTokenRevocationStore.class) : null;
		WeChatJwtAuthenticationConverter converter = new WeChatJwtAuthenticationConverter();
		if (reactiveRevocations == null) {
			converter.setTokenService(tokenService);
		}
		if (!(registrations instanceof InMemoryWeChatRegistrationRepository)) {
			// registrations that change at runtime: a gone or disabled one's tokens are refused
			converter.setRegistrationRepository(registrations);
		}
		Scheduler bearerScheduler = (reactiveRevocations != null && this.tokenScheduler == null
				&& registrations instanceof InMemoryWeChatRegistrationRepository) ? Schedulers.immediate() : scheduler;
		WeChatReactiveJwtAuthenticationConverter reactiveConverter = new WeChatReactiveJwtAuthenticationConverter(
				converter, bearerScheduler);
		reactiveConverter.setRevocationStore(reactiveRevocations);
		// a revocation store that is down is answered 503 by the entry point, not rethrown
		ServerAuthenticationEntryPointFailureHandler failureHandler = new ServerAuthenticationEntryPointFailureHandler(
				this.authenticationEntryPoint);
		failureHandler.setRethrowAuthenticationServiceException(false);
		http.oauth2ResourceServer((resourceServer) -> resourceServer
			.bearerTokenConverter(new AuthorizationHeaderServerBearerTokenConverter())
			.jwt((jwt) -> jwt.jwtDecoder(new WeChatReactiveJwtDecoder(decoder))
				.jwtAuthenticationConverter(reactiveConverter))
			.authenticationEntryPoint(this.authenticationEntryPoint)
			.authenticationFailureHandler(failureHandler)
			.accessDeniedHandler(this.accessDeniedHandler));
	}

	/**
	 * The caller's thread when everything the token service and the bearer checks touch is in
	 * memory, otherwise one that may block.
	 */
	private Scheduler defaultScheduler(WeChatRegistrationRepository registrations) {
		// a token service of the DSL's: its stores are unknown here, so assume they may block
		boolean inMemory = this.tokenService == null && registrations instanceof InMemoryWeChatRegistrationRepository
				&& getOptionalBean(WeChatRefreshTokenStore.class) instanceof InMemoryWeChatRefreshTokenStore
				&& getOptionalBean(WeChatTokenRevocationStore.class) instanceof InMemoryWeChatTokenRevocationStore;
		return inMemory ? Schedulers.immediate() : Schedulers.boundedElastic();
	}

	private ReactiveAuthenticationManager getAuthenticationManager(WeChatRegistrationRepository registrations) {
		if (this.authenticationManager != null) {
			return this.authenticationManager;
		}
		if (this.registrationRepository != null) {
			// the bean looks registrations up in the application's repository, not in this one
			WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(registrations,
					getRequiredBean(ReactiveWeChatCodeExchanger.class));
			manager.setCodeGuard(getRequiredBean(ReactiveWeChatCodeGuard.class));
			ReactiveWeChatUserService reactive = getOptionalBean(ReactiveWeChatUserService.class);
			WeChatUserService blocking = (reactive != null) ? null : getOptionalBean(WeChatUserService.class);
			if (reactive != null) {
				manager.setUserService(reactive);
			}
			else if (blocking != null) {
				manager.setUserService(ReactiveWeChatUserService.of(blocking));
			}
			return manager;
		}
		Assert.state(this.context.containsBean(AUTHENTICATION_MANAGER_BEAN_NAME),
				() -> "WeChat login on WebFlux needs a ReactiveAuthenticationManager bean named "
						+ AUTHENTICATION_MANAGER_BEAN_NAME
						+ " or one set with weChatLogin(context).authenticationManager(...); "
						+ "is wechat-login-autoconfigure on the classpath?");
		return this.context.getBean(AUTHENTICATION_MANAGER_BEAN_NAME, ReactiveAuthenticationManager.class);
	}

	private <T> T getRequiredBean(Class<T> type) {
		return WeChatLoginBeans.required(this.context, type, "WeChatLoginServerConfigurer");
	}

	private <T> @Nullable T getOptionalBean(Class<T> type) {
		return WeChatLoginBeans.optional(this.context, type);
	}

}
