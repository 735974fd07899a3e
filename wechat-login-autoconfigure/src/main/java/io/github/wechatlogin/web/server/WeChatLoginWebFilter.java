package io.github.wechatlogin.web.server;

import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.web.WeChatAnswer;
import io.github.wechatlogin.web.WeChatCodeAuthenticationConverter;
import io.github.wechatlogin.web.WeChatLoginAuthenticationFilter;
import io.github.wechatlogin.web.WeChatLoginRequestRejectedEvent;
import io.github.wechatlogin.web.WeChatLoginRequests;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Processes WeChat logins on WebFlux, as the servlet {@link WeChatLoginAuthenticationFilter}
 * does: a {@code POST} to an endpoint of a {@link WeChatLoginServerWebExchangeMatcher} is read
 * (JSON or a form, with the rules of {@link WeChatCodeAuthenticationConverter}, the body read
 * without blocking and never past the size limit) and authenticated by the
 * {@link ReactiveAuthenticationManager}; any other method on a login endpoint is answered
 * {@code 405} with {@code Allow: POST}. Success and failure are answered as JSON
 * ({@link WeChatServerLoginSuccessHandler}, {@link WeChatServerLoginFailureHandler}); no security
 * context is saved: the client authenticates later requests with the issued token.
 * <p>
 * When the registrations can change (a database), the registration of a request is looked up on
 * {@link Schedulers#boundedElastic()}, since the repository blocks: an unknown or disabled one is
 * answered {@code 404 unknown_registration}, a store that fails {@code 503}.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginWebFilter implements WebFilter {

	private static final Log logger = LogFactory.getLog(WeChatLoginWebFilter.class);

	private final WeChatLoginServerWebExchangeMatcher loginMatcher;

	private final WeChatRegistrationRepository registrations;

	private final ReactiveAuthenticationManager authenticationManager;

	private final ServerAuthenticationSuccessHandler successHandler;

	private ServerAuthenticationFailureHandler failureHandler = new WeChatServerLoginFailureHandler();

	private int maxBodySize = 8 * 1024;

	private @Nullable AuthenticationEventPublisher authenticationEventPublisher;

	private @Nullable ApplicationEventPublisher applicationEventPublisher;

	private Scheduler registrationScheduler = Schedulers.boundedElastic();

	/**
	 * Create a new instance.
	 * @param loginMatcher the matcher of the login endpoints
	 * @param registrations the registrations (the same as the matcher's)
	 * @param authenticationManager the manager of {@link WeChatCodeAuthenticationToken}s
	 * @param successHandler what answers a successful login (such as a
	 * {@link WeChatServerLoginSuccessHandler})
	 */
	public WeChatLoginWebFilter(WeChatLoginServerWebExchangeMatcher loginMatcher,
			WeChatRegistrationRepository registrations, ReactiveAuthenticationManager authenticationManager,
			ServerAuthenticationSuccessHandler successHandler) {
		Assert.notNull(loginMatcher, "loginMatcher cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		Assert.notNull(successHandler, "successHandler cannot be null");
		this.loginMatcher = loginMatcher;
		this.registrations = registrations;
		this.authenticationManager = authenticationManager;
		this.successHandler = successHandler;
	}

	/**
	 * Set what answers a failed login. Defaults to a {@link WeChatServerLoginFailureHandler}.
	 * @param failureHandler the handler
	 */
	public void setAuthenticationFailureHandler(ServerAuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler cannot be null");
		this.failureHandler = failureHandler;
	}

	/**
	 * Set the largest request body accepted, in bytes. Defaults to 8 KiB.
	 * @param maxBodySize the limit
	 */
	public void setMaxBodySize(int maxBodySize) {
		Assert.isTrue(maxBodySize > 0, "maxBodySize must be positive");
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Set the publisher of the authentication events of each login (success, and failure of a
	 * request that was read), as a servlet {@code ProviderManager} publishes them. Defaults to
	 * none.
	 * @param authenticationEventPublisher the publisher, or {@code null}
	 */
	public void setAuthenticationEventPublisher(@Nullable AuthenticationEventPublisher authenticationEventPublisher) {
		this.authenticationEventPublisher = authenticationEventPublisher;
	}

	/**
	 * Set the publisher of a {@link WeChatLoginRequestRejectedEvent} for each request refused
	 * before authentication. Defaults to none.
	 * @param applicationEventPublisher the publisher, or {@code null}
	 */
	public void setApplicationEventPublisher(@Nullable ApplicationEventPublisher applicationEventPublisher) {
		this.applicationEventPublisher = applicationEventPublisher;
	}

	/**
	 * Set where the registrations of a dynamic matcher are looked up. Defaults to
	 * {@link Schedulers#boundedElastic()}: a database repository blocks.
	 * @param registrationScheduler the scheduler
	 */
	public void setRegistrationScheduler(Scheduler registrationScheduler) {
		Assert.notNull(registrationScheduler, "registrationScheduler cannot be null");
		this.registrationScheduler = registrationScheduler;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String registrationId = this.loginMatcher.resolveRegistrationId(exchange);
		if (registrationId == null) {
			return chain.filter(exchange);
		}
		HttpMethod method = exchange.getRequest().getMethod();
		// before any lookup: a crawler's GET never reaches the registrations' database
		if (!WeChatAnswer.isPost(method.name())) {
			return ServerAnswers.write(exchange, WeChatAnswer.methodNotAllowed("Log in"));
		}
		WebFilterExchange webFilterExchange = new WebFilterExchange(exchange, chain);
		if (!this.loginMatcher.isDynamic()) {
			return readAndAuthenticate(webFilterExchange, registrationId,
					Mono.fromSupplier(() -> WeChatLoginRequests.findEnabled(this.registrations,
							registrationId)));
		}
		return Mono.fromCallable(() -> this.loginMatcher.findEnabled(registrationId))
			.subscribeOn(this.registrationScheduler)
			.map(Found::new)
			.onErrorResume(RuntimeException.class, (ex) -> {
				// the registrations' store (a database) failed; never its message, which may name it
				logger.warn("WeChat registrations cannot be read (" + ex.getClass().getName() + ")");
				return Mono.just(new Found(null, true));
			})
			.defaultIfEmpty(new Found(null))
			.flatMap((found) -> {
				if (found.failed()) {
					return ServerAnswers.write(exchange, WeChatAnswer.problem(WeChatError.unavailable("Login")));
				}
				if (found.registration() == null) {
					return ServerAnswers.write(exchange, WeChatAnswer.problem(
							new WeChatError(WeChatErrorCodes.UNKNOWN_REGISTRATION, "Unknown WeChat registration")));
				}
				return readAndAuthenticate(webFilterExchange, registrationId, Mono.just(found.registration()));
			});
	}

	private Mono<Void> readAndAuthenticate(WebFilterExchange exchange, String registrationId,
			Mono<WeChatRegistration> registration) {
		return registration
			.zipWith(ServerRequestBodies.read(exchange.getExchange().getRequest(), this.maxBodySize,
					WeChatLoginRequests.fieldNames()))
			.map((found) -> WeChatLoginRequests.toToken(registrationId, found.getT1(), found.getT2()))
			.onErrorMap(AuthenticationException.class, (ex) -> new Rejected(registrationId, ex))
			.flatMap((login) -> authenticate(exchange, login))
			.onErrorResume(Rejected.class, (rejected) -> {
				if (this.applicationEventPublisher != null) {
					this.applicationEventPublisher
						.publishEvent(new WeChatLoginRequestRejectedEvent(rejected.registrationId, rejected.reason));
				}
				return this.failureHandler.onAuthenticationFailure(exchange, rejected.reason);
			});
	}

	private Mono<Void> authenticate(WebFilterExchange exchange, WeChatCodeAuthenticationToken login) {
		return this.authenticationManager.authenticate(login)
			.switchIfEmpty(Mono.error(() -> new org.springframework.security.authentication.BadCredentialsException(
					"No authentication manager took the WeChat login")))
			.flatMap((authentication) -> publish(() -> {
				if (this.authenticationEventPublisher != null) {
					this.authenticationEventPublisher.publishAuthenticationSuccess(authentication);
				}
			}).then(Mono.defer(() -> this.successHandler.onAuthenticationSuccess(exchange, authentication))))
			.onErrorResume(AuthenticationException.class, (ex) -> publish(() -> {
				if (this.authenticationEventPublisher != null) {
					this.authenticationEventPublisher.publishAuthenticationFailure(ex, login);
				}
			}).then(Mono.defer(() -> this.failureHandler.onAuthenticationFailure(exchange, ex))));
	}

	/**
	 * Publish authentication events off the event loop: the application's listeners of
	 * Spring's {@code ApplicationEventPublisher} are synchronous and typically block (an audit
	 * table, a lockout counter). Spring Security's own WebFlux filters publish no events. They run
	 * on the registration scheduler ({@link #setRegistrationScheduler}), whose default is
	 * {@link Schedulers#boundedElastic()}.
	 */
	private Mono<Void> publish(Runnable publication) {
		if (this.authenticationEventPublisher == null) {
			return Mono.empty();
		}
		return Mono.fromRunnable(publication).subscribeOn(this.registrationScheduler).then();
	}

	/** The outcome of a lookup: the registration, none, or a store that failed. */
	private record Found(@Nullable WeChatRegistration registration, boolean failed) {

		Found(@Nullable WeChatRegistration registration) {
			this(registration, false);
		}

	}

	/** A request refused before authentication. */
	private static final class Rejected extends RuntimeException {

		private final String registrationId;

		private final AuthenticationException reason;

		Rejected(String registrationId, AuthenticationException reason) {
			super(null, null, false, false);
			this.registrationId = registrationId;
			this.reason = reason;
		}

	}

}
