package io.github.wechatlogin.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.UserServiceWeChatUserReloader;
import io.github.wechatlogin.authentication.WeChatAuthenticationProvider;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatPhoneNumberHandler;
import io.github.wechatlogin.authentication.WeChatPhoneNumberResolver;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatPhoneNumberClient;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeyStoringCodeExchanger;
import io.github.wechatlogin.token.WeChatJwkSet;
import io.github.wechatlogin.token.WeChatJwtAuthenticationConverter;
import io.github.wechatlogin.token.WeChatJwtCodecs;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.web.AuthorizationHeaderBearerTokenResolver;
import io.github.wechatlogin.web.WeChatAccessDeniedHandler;
import io.github.wechatlogin.web.WeChatBearerTokenAuthenticationEntryPoint;
import io.github.wechatlogin.web.WeChatCodeAuthenticationConverter;
import io.github.wechatlogin.web.WeChatJwkSetEndpointFilter;
import io.github.wechatlogin.web.WeChatLoginAuthenticationFilter;
import io.github.wechatlogin.web.WeChatLoginRequestMatcher;
import io.github.wechatlogin.web.WeChatLoginSuccessHandler;
import io.github.wechatlogin.web.WeChatLogoutFilter;
import io.github.wechatlogin.web.WeChatPhoneNumberFilter;
import io.github.wechatlogin.web.WeChatTokenRefreshFilter;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Adds WeChat login to an {@link HttpSecurity} chain:
 *
 * <pre class="code">
 * http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults());
 * </pre>
 *
 * It registers a {@link WeChatLoginAuthenticationFilter} on the login endpoints, a
 * {@link WeChatAuthenticationProvider} (never as a bean), the refresh endpoint, the logout
 * endpoint ({@code POST} with the bearer token), the phone number endpoint ({@code POST} with the
 * bearer token, when there is a {@link WeChatPhoneNumberClient} bean; see
 * {@link WeChatPhoneNumberFilter}), the JWK Set endpoint when tokens are signed
 * with a key pair, and, unless {@link #bearerTokens(boolean) turned off}, validates bearer tokens
 * with the decoder of the {@link WeChatJwtCodecs} and turns them back into the same
 * {@code WeChatUser} principal. Errors are answered as {@code application/problem+json} unless
 * the chain sets its own entry point or access denied handler. Because the login keeps no
 * session by default, CSRF protection is not applied to the login and refresh endpoints, nor to
 * a logout or phone number request that carries a bearer token.
 * <p>
 * The paths default to the {@link WeChatLoginPaths} bean (the auto-configuration builds it from
 * {@code wechat.login.*}), then to {@link WeChatLoginPaths#defaults()}; a path set here wins.
 * Path matchers come from the context's {@link PathPatternRequestMatcher.Builder} (Spring Boot's
 * knows {@code spring.mvc.servlet.path}), if there is one.
 * <p>
 * Collaborators not set here are taken from the application context: a
 * {@link WeChatRegistrationRepository}, a {@link WeChatCodeExchanger}, a
 * {@link WeChatTokenService}, {@link WeChatJwtCodecs}, and, if present, a
 * {@link WeChatUserService}, a {@link WeChatCodeGuard}, a {@link BearerTokenResolver}, a
 * {@link WeChatJwkSet}, a {@link WeChatPhoneNumberClient}, a {@link WeChatPhoneNumberHandler} and a
 * {@link WeChatSessionKeyStore} (which keeps the {@code session_key} of each mini program login,
 * whatever the code exchanger, and forgets it at logout). The auto-configuration provides them.
 * Two candidates of one type, none of
 * them primary, fail the chain's creation rather than being ignored.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginConfigurer extends AbstractHttpConfigurer<WeChatLoginConfigurer, HttpSecurity> {

	/** The registration id of the request that checks the chain reaches the login endpoints. */
	private static final String PROBE_REGISTRATION_ID = "registration-id";

	private @Nullable String loginPath;

	private @Nullable String refreshPath;

	private @Nullable String logoutPath;

	private @Nullable String jwkSetPath;

	private @Nullable String phoneNumberPath;

	private @Nullable WeChatRegistrationRepository registrationRepository;

	private @Nullable WeChatCodeExchanger codeExchanger;

	private @Nullable WeChatUserService userService;

	private @Nullable WeChatTokenService tokenService;

	private @Nullable JwtDecoder jwtDecoder;

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	private boolean bearerTokens = true;

	private final AuthenticationEntryPoint authenticationEntryPoint = new WeChatBearerTokenAuthenticationEntryPoint();

	private final AccessDeniedHandler accessDeniedHandler = new WeChatAccessDeniedHandler();

	private @Nullable Endpoints endpoints;

	private @Nullable WeChatPhoneNumberResolver phoneNumberResolver;

	private @Nullable Boolean observeRegistrationIds;

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
	 * Set the login path of the default registration; other registrations log in at
	 * {@code {loginPath}/{registrationId}}. Defaults to the login path of the
	 * {@link WeChatLoginPaths} bean ({@code wechat.login.login-path}), or
	 * {@value WeChatLoginRequestMatcher#DEFAULT_LOGIN_PATH}.
	 * @param loginPath the login path
	 * @return this configurer
	 */
	public WeChatLoginConfigurer loginPath(String loginPath) {
		WeChatLoginPaths.assertPlainPath(loginPath, "loginPath");
		this.loginPath = loginPath;
		return this;
	}

	/**
	 * Set the path of the refresh endpoint. Defaults to the refresh path of the
	 * {@link WeChatLoginPaths} bean ({@code wechat.login.refresh-path}), or
	 * {@code {loginPath}/refresh}.
	 * @param refreshPath the refresh path
	 * @return this configurer
	 */
	public WeChatLoginConfigurer refreshPath(String refreshPath) {
		WeChatLoginPaths.assertPlainPath(refreshPath, "refreshPath");
		this.refreshPath = refreshPath;
		return this;
	}

	/**
	 * Set the path where a {@code POST} with a bearer token logs out. Defaults to the logout
	 * path of the {@link WeChatLoginPaths} bean ({@code wechat.login.logout-path}), or
	 * {@value WeChatLogoutFilter#DEFAULT_LOGOUT_PATH}.
	 * @param logoutPath the logout path
	 * @return this configurer
	 */
	public WeChatLoginConfigurer logoutPath(String logoutPath) {
		WeChatLoginPaths.assertPlainPath(logoutPath, "logoutPath");
		this.logoutPath = logoutPath;
		return this;
	}

	/**
	 * Set the path of the JWK Set endpoint, published when a {@link WeChatJwkSet} bean exists
	 * (tokens signed with a key pair). Defaults to the path of the {@link WeChatLoginPaths} bean
	 * ({@code wechat.login.jwk-set-path}), or {@value WeChatJwkSetEndpointFilter#DEFAULT_JWK_SET_PATH}.
	 * @param jwkSetPath the path of the JWK Set
	 * @return this configurer
	 */
	public WeChatLoginConfigurer jwkSetPath(String jwkSetPath) {
		WeChatLoginPaths.assertPlainPath(jwkSetPath, "jwkSetPath");
		this.jwkSetPath = jwkSetPath;
		return this;
	}

	/**
	 * Set the path of the phone number endpoint, where a {@code POST} with a bearer token and
	 * {@code {"code": "..."}} (the code of {@code wx.getPhoneNumber}) binds the caller's phone
	 * number. Defaults to the path of the {@link WeChatLoginPaths} bean
	 * ({@code wechat.login.phone-number-path}), or {@code {loginPath}/phone-number}.
	 * @param phoneNumberPath the path of the phone number endpoint
	 * @return this configurer
	 */
	public WeChatLoginConfigurer phoneNumberPath(String phoneNumberPath) {
		WeChatLoginPaths.assertPlainPath(phoneNumberPath, "phoneNumberPath");
		this.phoneNumberPath = phoneNumberPath;
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
	 * Set the user service, asked at every login and again at every refresh (see
	 * {@link WeChatUserReloader}). Defaults to the {@link WeChatUserService} bean, if any,
	 * otherwise a {@link DefaultWeChatUserService}.
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
	 * Set the decoder of the bearer tokens of WeChat logins. Defaults to the decoder of the
	 * {@link WeChatJwtCodecs} bean. It is used on this chain only; the application's own
	 * {@code JwtDecoder} beans are never used for WeChat tokens.
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
	 * the resource server yourself (use {@link WeChatJwtAuthenticationConverter}), or to keep a
	 * chain that only logs in. The resource server and the logout endpoint read the token with
	 * the application context's {@link BearerTokenResolver} bean, if there is one (the
	 * auto-configuration registers an {@link AuthorizationHeaderBearerTokenResolver}); a resolver
	 * set on {@code oauth2ResourceServer()} itself is kept. Without bearer tokens there is no
	 * logout endpoint and no phone number endpoint either.
	 * @param bearerTokens whether to validate bearer tokens
	 * @return this configurer
	 */
	public WeChatLoginConfigurer bearerTokens(boolean bearerTokens) {
		this.bearerTokens = bearerTokens;
		return this;
	}

	/**
	 * Set whether login observations (and the metrics made from them) are tagged with the
	 * registration id, or with {@value WeChatLoginAuthenticationFilter#ALL_REGISTRATIONS} for
	 * all of them. Defaults to {@code wechat.login.observe-registration-ids}, or else to
	 * {@code true} for a fixed set of registrations ({@link InMemoryWeChatRegistrationRepository},
	 * such as those of {@code wechat.login.*}) and {@code false} for any other repository (a
	 * database of tenants), whose ids are unbounded.
	 * @param observeRegistrationIds whether to tag with the registration id
	 * @return this configurer
	 */
	public WeChatLoginConfigurer observeRegistrationIds(boolean observeRegistrationIds) {
		this.observeRegistrationIds = observeRegistrationIds;
		return this;
	}

	@Override
	public void init(HttpSecurity http) {
		Endpoints endpoints = getEndpoints(http);
		WeChatCodeExchanger codeExchanger = (this.codeExchanger != null) ? this.codeExchanger
				: getRequiredBean(http, WeChatCodeExchanger.class);
		WeChatSessionKeyStore sessionKeyStore = getOptionalBean(http, WeChatSessionKeyStore.class);
		if (sessionKeyStore != null) {
			codeExchanger = new WeChatSessionKeyStoringCodeExchanger(codeExchanger, sessionKeyStore);
		}
		WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(endpoints.registrations,
				codeExchanger);
		provider.setUserService(endpoints.userService);
		WeChatCodeGuard codeGuard = getOptionalBean(http, WeChatCodeGuard.class);
		if (codeGuard != null) {
			provider.setCodeGuard(codeGuard);
		}
		WeChatPhoneNumberResolver phoneNumbers = getPhoneNumberResolver(http, codeGuard);
		provider.setPhoneNumberResolver(phoneNumbers);
		http.authenticationProvider(postProcess(provider));
		if (this.securityContextRepository instanceof RequestAttributeSecurityContextRepository) {
			CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
			if (csrf != null) {
				RequestMatcher bearer = (request) -> endpoints.bearerTokenResolver.resolve(request) != null;
				csrf.ignoringRequestMatchers(endpoints.login, endpoints.refresh,
						new AndRequestMatcher(endpoints.logout, bearer),
						new AndRequestMatcher(endpoints.phoneNumber, bearer));
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
			WeChatJwtAuthenticationConverter converter = new WeChatJwtAuthenticationConverter();
			converter.setTokenService(getTokenService(http));
			if (!(endpoints.registrations instanceof InMemoryWeChatRegistrationRepository)) {
				// registrations that change at runtime: a gone or disabled one's tokens are refused
				// (a fixed set cannot lose one while running; its sessions are checked at refresh)
				converter.setRegistrationRepository(endpoints.registrations);
			}
			JwtDecoder decoder = getJwtDecoder(http);
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
		Endpoints endpoints = getEndpoints(http);
		WeChatCodeAuthenticationConverter converter = new WeChatCodeAuthenticationConverter(endpoints.login,
				endpoints.registrations);
		WeChatLoginAuthenticationFilter filter = new WeChatLoginAuthenticationFilter(endpoints.login, converter,
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
		filter.setObserveRegistrationIds(observeRegistrationIds(http, endpoints.registrations));
		List<WeChatLoginEndpoint> installed = new ArrayList<>();
		String loginPath = endpoints.login.getLoginPath();
		installed.add(new WeChatLoginEndpoint(HttpMethod.POST, loginPath,
				"login endpoint of registration '" + WeChatRegistration.DEFAULT_REGISTRATION_ID + "'",
				"wechat.login.login-path or weChatLogin().loginPath(...)", endpoints.login));
		// the other registrations' endpoints are found per request; one stands for all of them
		installed.add(new WeChatLoginEndpoint(HttpMethod.POST, loginPath + "/" + PROBE_REGISTRATION_ID,
				"login endpoints of the registrations (" + loginPath + "/{registrationId})",
				"wechat.login.login-path or weChatLogin().loginPath(...)", endpoints.login));
		http.addFilterBefore(postProcess(filter), BearerTokenAuthenticationFilter.class);
		http.addFilterBefore(postProcess(new WeChatTokenRefreshFilter(endpoints.refresh, tokenService,
				new UserServiceWeChatUserReloader(endpoints.registrations, endpoints.userService))),
				BearerTokenAuthenticationFilter.class);
		installed.add(new WeChatLoginEndpoint(HttpMethod.POST, endpoints.refreshPath, "refresh endpoint",
				"wechat.login.refresh-path or weChatLogin().refreshPath(...)", endpoints.refresh));
		if (this.bearerTokens) {
			WeChatLogoutFilter logoutFilter = new WeChatLogoutFilter(endpoints.logout, getJwtDecoder(http),
					tokenService);
			logoutFilter.setBearerTokenResolver(endpoints.bearerTokenResolver);
			logoutFilter.setSessionKeyStore(getOptionalBean(http, WeChatSessionKeyStore.class));
			http.addFilterBefore(postProcess(logoutFilter), LogoutFilter.class);
			installed.add(new WeChatLoginEndpoint(HttpMethod.POST, endpoints.logoutPath, "logout endpoint",
					"wechat.login.logout-path or weChatLogin().logoutPath(...)", endpoints.logout));
			WeChatPhoneNumberResolver phoneNumbers = getPhoneNumberResolver(http,
					getOptionalBean(http, WeChatCodeGuard.class));
			if (phoneNumbers != null) {
				WeChatPhoneNumberFilter phoneNumberFilter = new WeChatPhoneNumberFilter(endpoints.phoneNumber,
						endpoints.registrations, phoneNumbers, tokenService);
				WeChatPhoneNumberHandler handler = getOptionalBean(http, WeChatPhoneNumberHandler.class);
				if (handler != null) {
					phoneNumberFilter.setPhoneNumberHandler(handler);
				}
				phoneNumberFilter.setApplicationEventPublisher(getContext(http));
				phoneNumberFilter.setAuthenticationEntryPoint(this.authenticationEntryPoint);
				phoneNumberFilter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
				http.addFilterAfter(postProcess(phoneNumberFilter), BearerTokenAuthenticationFilter.class);
				installed.add(new WeChatLoginEndpoint(HttpMethod.POST, endpoints.phoneNumberPath,
						"phone number endpoint", "wechat.login.phone-number-path or weChatLogin().phoneNumberPath(...)",
						endpoints.phoneNumber));
			}
		}
		WeChatJwkSet jwkSet = getOptionalBean(http, WeChatJwkSet.class);
		if (jwkSet != null) {
			RequestMatcher jwkSetMatcher = endpoints.matchers.matcher(HttpMethod.GET, endpoints.jwkSetPath);
			http.addFilterBefore(postProcess(new WeChatJwkSetEndpointFilter(jwkSetMatcher, jwkSet)),
					LogoutFilter.class);
			installed.add(new WeChatLoginEndpoint(HttpMethod.GET, endpoints.jwkSetPath, "JWK Set endpoint",
					"wechat.login.jwk-set-path or weChatLogin().jwkSetPath(...)", jwkSetMatcher));
		}
		WeChatLoginChainVerifier verifier = getOptionalBean(http, WeChatLoginChainVerifier.class);
		if (verifier != null) {
			verifier.register(filter, installed);
		}
	}

	private Endpoints getEndpoints(HttpSecurity http) {
		if (this.endpoints == null) {
			WeChatLoginPaths paths = getOptionalBean(http, WeChatLoginPaths.class);
			if (paths == null) {
				paths = WeChatLoginPaths.defaults();
			}
			PathPatternRequestMatcher.Builder matchers = getOptionalBean(http, PathPatternRequestMatcher.Builder.class);
			if (matchers == null) {
				matchers = PathPatternRequestMatcher.withDefaults();
			}
			WeChatRegistrationRepository registrations = (this.registrationRepository != null)
					? this.registrationRepository : getRequiredBean(http, WeChatRegistrationRepository.class);
			String loginPath = (this.loginPath != null) ? this.loginPath : paths.getLoginPath();
			String refreshPath = (this.refreshPath != null) ? this.refreshPath : paths.refreshPathFor(loginPath);
			String logoutPath = (this.logoutPath != null) ? this.logoutPath : paths.getLogoutPath();
			String jwkSetPath = (this.jwkSetPath != null) ? this.jwkSetPath : paths.getJwkSetPath();
			String phoneNumberPath = (this.phoneNumberPath != null) ? this.phoneNumberPath
					: paths.phoneNumberPathFor(loginPath);
			BearerTokenResolver bearerTokenResolver = getOptionalBean(http, BearerTokenResolver.class);
			WeChatUserService userService = (this.userService != null) ? this.userService
					: getOptionalBean(http, WeChatUserService.class);
			this.endpoints = new Endpoints(matchers, registrations,
					(userService != null) ? userService : new DefaultWeChatUserService(),
					new WeChatLoginRequestMatcher(matchers, loginPath, registrations), refreshPath, logoutPath,
					jwkSetPath, phoneNumberPath, (bearerTokenResolver != null) ? bearerTokenResolver
							: new AuthorizationHeaderBearerTokenResolver());
		}
		return this.endpoints;
	}

	/**
	 * The resolver of phone number codes, when there is a {@link WeChatPhoneNumberClient} bean,
	 * sharing the login's code guard; created once per chain.
	 */
	private @Nullable WeChatPhoneNumberResolver getPhoneNumberResolver(HttpSecurity http,
			@Nullable WeChatCodeGuard codeGuard) {
		if (this.phoneNumberResolver == null) {
			WeChatPhoneNumberClient client = getOptionalBean(http, WeChatPhoneNumberClient.class);
			if (client == null) {
				return null;
			}
			WeChatPhoneNumberResolver resolver = new WeChatPhoneNumberResolver(client);
			if (codeGuard != null) {
				resolver.setCodeGuard(codeGuard);
			}
			this.phoneNumberResolver = resolver;
		}
		return this.phoneNumberResolver;
	}

	private boolean observeRegistrationIds(HttpSecurity http, WeChatRegistrationRepository registrations) {
		if (this.observeRegistrationIds != null) {
			return this.observeRegistrationIds;
		}
		Boolean configured = getContext(http).getEnvironment()
			.getProperty("wechat.login.observe-registration-ids", Boolean.class);
		return (configured != null) ? configured : (registrations instanceof InMemoryWeChatRegistrationRepository);
	}

	private WeChatTokenService getTokenService(HttpSecurity http) {
		if (this.tokenService == null) {
			this.tokenService = getRequiredBean(http, WeChatTokenService.class);
		}
		return this.tokenService;
	}

	private JwtDecoder getJwtDecoder(HttpSecurity http) {
		if (this.jwtDecoder == null) {
			this.jwtDecoder = getRequiredBean(http, WeChatJwtCodecs.class).getDecoder();
		}
		return this.jwtDecoder;
	}

	private static <T> T getRequiredBean(HttpSecurity http, Class<T> type) {
		return WeChatLoginBeans.required(getContext(http), type, "WeChatLoginConfigurer");
	}

	private static <T> @Nullable T getOptionalBean(HttpSecurity http, Class<T> type) {
		return WeChatLoginBeans.optional(getContext(http), type);
	}

	private static ApplicationContext getContext(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null, "WeChatLoginConfigurer needs an ApplicationContext");
		return context;
	}

	/**
	 * The endpoints of one chain, resolved once.
	 */
	private static final class Endpoints {

		private final PathPatternRequestMatcher.Builder matchers;

		private final WeChatRegistrationRepository registrations;

		private final WeChatUserService userService;

		private final WeChatLoginRequestMatcher login;

		private final String refreshPath;

		private final RequestMatcher refresh;

		private final String logoutPath;

		private final RequestMatcher logout;

		private final String jwkSetPath;

		private final String phoneNumberPath;

		private final RequestMatcher phoneNumber;

		private final BearerTokenResolver bearerTokenResolver;

		Endpoints(PathPatternRequestMatcher.Builder matchers, WeChatRegistrationRepository registrations,
				WeChatUserService userService, WeChatLoginRequestMatcher login, String refreshPath, String logoutPath, String jwkSetPath,
				String phoneNumberPath, BearerTokenResolver bearerTokenResolver) {
			this.matchers = matchers;
			this.registrations = registrations;
			this.userService = userService;
			this.login = login;
			this.refreshPath = refreshPath;
			this.refresh = matchers.matcher(refreshPath);
			this.logoutPath = logoutPath;
			this.logout = matchers.matcher(HttpMethod.POST, logoutPath);
			this.jwkSetPath = jwkSetPath;
			this.phoneNumberPath = phoneNumberPath;
			this.phoneNumber = matchers.matcher(phoneNumberPath);
			this.bearerTokenResolver = bearerTokenResolver;
			assertDistinct();
			login.setReservedPaths(List.of(refreshPath, logoutPath, jwkSetPath, phoneNumberPath));
		}

		private void assertDistinct() {
			Map<String, String> owners = new LinkedHashMap<>();
			if (this.registrations instanceof InMemoryWeChatRegistrationRepository) {
				// a fixed set: an id that another endpoint's path would hide is a mistake
				this.login.getPaths()
					.forEach((id, path) -> claim(owners, path, "the login endpoint of registration '" + id + "'"));
			}
			else {
				claim(owners, this.login.getLoginPath(), "the login endpoint of registration '"
						+ WeChatRegistration.DEFAULT_REGISTRATION_ID + "'");
			}
			claim(owners, this.refreshPath, "the refresh endpoint");
			claim(owners, this.logoutPath, "the logout endpoint");
			claim(owners, this.jwkSetPath, "the JWK Set endpoint");
			claim(owners, this.phoneNumberPath, "the phone number endpoint");
		}

		private static void claim(Map<String, String> owners, String path, String endpoint) {
			String owner = owners.putIfAbsent(path, endpoint);
			Assert.state(owner == null, () -> "WeChat login cannot serve " + endpoint + " and " + owner
					+ " at the same path " + path + "; move one of them (wechat.login.login-path, refresh-path, "
					+ "logout-path, jwk-set-path, phone-number-path or the WeChatLoginConfigurer)");
		}

	}

}
