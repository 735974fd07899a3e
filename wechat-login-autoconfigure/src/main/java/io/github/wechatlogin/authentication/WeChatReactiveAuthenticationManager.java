package io.github.wechatlogin.authentication;

import java.util.Optional;

import io.github.wechatlogin.client.ReactiveWeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveAuthenticationManager} for {@link WeChatCodeAuthenticationToken}s: the
 * non-blocking twin of {@link WeChatAuthenticationProvider}, with the same steps (shared code),
 * answers and exceptions. It claims the code with a {@link ReactiveWeChatCodeGuard} (a replay is
 * a {@link WeChatCodeReplayException} and WeChat is not called), redeems it with a
 * {@link ReactiveWeChatCodeExchanger}, gives the claim back unless WeChat may have redeemed the
 * code (see {@link WeChatApiException#getCodeOutcome()}), loads the user with a
 * {@link ReactiveWeChatUserService} and answers a {@link WeChatAuthentication}. Failures of the
 * request or the user are {@link WeChatAuthenticationException}s, failures on the server's side
 * {@link WeChatAuthenticationServiceException}s; another type of authentication completes empty.
 * <p>
 * Registrations: an {@link InMemoryWeChatRegistrationRepository} (the {@code wechat.login.*}
 * properties) is a map lookup and is read on the subscriber's thread; any other repository may
 * wait for a database (the JDBC store, whose cache misses read rows), so it is read on
 * {@link Schedulers#boundedElastic()}.
 * <p>
 * A login that carries a phone number code ({@code phoneCode}) is refused with
 * {@code invalid_request} ("Phone number codes are not accepted here"): the phone number on the
 * reactive stack is a later step.
 *
 * @author wechat-login developers
 */
public final class WeChatReactiveAuthenticationManager implements ReactiveAuthenticationManager {

	private final WeChatRegistrationRepository registrations;

	private final ReactiveWeChatCodeExchanger codeExchanger;

	private final boolean registrationsInMemory;

	private ReactiveWeChatUserService userService = ReactiveWeChatUserService
		.of(new DefaultWeChatUserService());

	private ReactiveWeChatCodeGuard codeGuard = ReactiveWeChatCodeGuard.of(new InMemoryWeChatCodeGuard());

	/**
	 * Create a new instance.
	 * @param registrations the registrations codes may be issued for
	 * @param codeExchanger the exchanger that redeems codes
	 */
	public WeChatReactiveAuthenticationManager(WeChatRegistrationRepository registrations,
			ReactiveWeChatCodeExchanger codeExchanger) {
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(codeExchanger, "codeExchanger cannot be null");
		this.registrations = registrations;
		this.codeExchanger = codeExchanger;
		this.registrationsInMemory = registrations instanceof InMemoryWeChatRegistrationRepository;
	}

	/**
	 * Set the service that loads the application's user. Defaults to a
	 * {@link DefaultWeChatUserService} (which does not block, so it is called inline); adapt an
	 * application's blocking one with {@link ReactiveWeChatUserService#of(WeChatUserService)}.
	 * @param userService the user service
	 */
	public void setUserService(ReactiveWeChatUserService userService) {
		Assert.notNull(userService, "userService cannot be null");
		this.userService = userService;
	}

	/**
	 * Set the guard that claims each code once before WeChat is called. Defaults to an
	 * {@link InMemoryWeChatCodeGuard} (see {@link ReactiveWeChatCodeGuard#of(WeChatCodeGuard)}).
	 * @param codeGuard the guard
	 */
	public void setCodeGuard(ReactiveWeChatCodeGuard codeGuard) {
		Assert.notNull(codeGuard, "codeGuard cannot be null");
		this.codeGuard = codeGuard;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof WeChatCodeAuthenticationToken request)) {
			return Mono.empty();
		}
		return findRegistration(request).flatMap((registration) -> {
			WeChatRegistration known = WeChatCodeLogins.requireRegistration(registration.orElse(null), request);
			String code = WeChatCodeLogins.requireCode(request);
			if (request.getPhoneCode() != null) {
				return Mono.error(WeChatCodeLogins.phoneCodesNotAccepted());
			}
			return claim(known, code).then(exchange(known, code))
				.flatMap((identity) -> Mono
					.defer(() -> this.userService.loadUser(new WeChatUserRequest(known, identity)))
					.onErrorMap(RuntimeException.class, WeChatCodeLogins::userServiceFailed))
				.switchIfEmpty(Mono.error(() -> new IllegalStateException("ReactiveWeChatUserService answered no user")))
				.map((user) -> WeChatCodeLogins.authenticated(request, known, user));
		});
	}

	private Mono<Optional<WeChatRegistration>> findRegistration(WeChatCodeAuthenticationToken request) {
		Mono<Optional<WeChatRegistration>> lookup = Mono.fromCallable(() -> Optional
			.ofNullable(WeChatRegistrationLookups.find(this.registrations, request.getRegistrationId(), "Login")));
		return this.registrationsInMemory ? lookup : lookup.subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Void> claim(WeChatRegistration registration, String code) {
		return Mono.defer(() -> this.codeGuard.claim(registration, code))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("ReactiveWeChatCodeGuard answered nothing")))
			.onErrorMap(WeChatCodeLogins::guardUnavailable)
			.doOnNext(WeChatCodeLogins::requireClaimed)
			.then();
	}

	private Mono<WeChatIdentity> exchange(WeChatRegistration registration, String code) {
		return Mono.defer(() -> this.codeExchanger.exchange(new WeChatCodeExchangeRequest(registration, code)))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("ReactiveWeChatCodeExchanger answered nothing")))
			.onErrorResume(WeChatApiException.class,
					(ex) -> (WeChatApiFailures.releasesClaim(ex) ? release(registration, code) : Mono.<Void>empty())
						.then(Mono.error(WeChatApiFailures.translate(ex))));
	}

	/**
	 * Give the claim back. The release is subscribed on its own, so that it completes even when
	 * the login's subscriber cancels meanwhile (a client that hung up); the login waits for it.
	 */
	private Mono<Void> release(WeChatRegistration registration, String code) {
		Mono<Void> release = Mono.defer(() -> this.codeGuard.release(registration, code)).onErrorResume((ex) -> {
			WeChatCodeLogins.releaseFailed(ex);
			return Mono.empty();
		}).cache();
		release.subscribe();
		return release;
	}

}
