package io.github.wechatlogin.authentication;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link WeChatReactiveAuthenticationManager}, with scripted exchangers; each outcome
 * is also checked against {@link WeChatAuthenticationProvider}, which must answer the same.
 */
class WeChatReactiveAuthenticationManagerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final WeChatRegistration REGISTRATION = WeChatRegistration.withRegistrationId("default")
		.appId("wx-app")
		.secret("secret")
		.build();

	private static final WeChatRegistration DISABLED = WeChatRegistration.withRegistrationId("off")
		.appId("wx-off")
		.secret("secret")
		.enabled(false)
		.build();

	private final InMemoryWeChatRegistrationRepository registrations = new InMemoryWeChatRegistrationRepository(
			REGISTRATION, DISABLED);

	private final AtomicInteger exchanges = new AtomicInteger();

	private final AtomicReference<WeChatCodeExchangeRequest> exchanged = new AtomicReference<>();

	private final WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(
			this.registrations, (request) -> {
				this.exchanges.incrementAndGet();
				this.exchanged.set(request);
				return Mono.just(identity());
			});

	@Test
	void authenticateWhenCodeValidThenWeChatUserWithDefaultAuthorities() {
		WeChatCodeAuthenticationToken request = new WeChatCodeAuthenticationToken("default", "the-code");
		request.setDetails("details");
		StepVerifier.create(this.manager.authenticate(request)).assertNext((result) -> {
			assertThat(result).isInstanceOf(WeChatAuthentication.class);
			assertThat(result.isAuthenticated()).isTrue();
			assertThat(result.getDetails()).isEqualTo("details");
			assertThat(result.getCredentials()).isNull();
			WeChatUser user = (WeChatUser) result.getPrincipal();
			assertThat(user.getName()).isEqualTo("uid-1");
			assertThat(user.getOpenid()).isEqualTo("o-1");
			assertThat(user.getAppId()).isEqualTo("wx-app");
			assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities()))
				.containsExactlyInAnyOrder("ROLE_USER", WeChatAuthentication.FACTOR_AUTHORITY);
			assertThat(user.toString() + result).doesNotContain("session-key-value");
		}).expectComplete().verify(WAIT);
		assertThat(this.exchanged.get().code()).isEqualTo("the-code");
		assertThat(this.exchanged.get().registration()).isSameAs(REGISTRATION);
	}

	@Test
	void authenticateWhenOtherAuthenticationThenEmpty() {
		StepVerifier.create(this.manager.authenticate(new UsernamePasswordAuthenticationToken("u", "p")))
			.expectComplete()
			.verify(WAIT);
		assertThat(this.exchanges).hasValue(0);
	}

	@Test
	void authenticateWhenCodeRedeemedThenReplayRefusedWithoutCallingWeChat() {
		assertThat(authenticate(this.manager, "once")).isInstanceOf(WeChatAuthentication.class);
		assertThat(failure(this.manager, "once")).isInstanceOf(WeChatCodeReplayException.class);
		assertThat(this.exchanges).hasValue(1);
	}

	@ParameterizedTest
	@CsvSource({ "other", "off" })
	void authenticateWhenUnknownOrDisabledRegistrationThenUnknownRegistration(String registrationId) {
		Throwable ex = failure(this.manager.authenticate(new WeChatCodeAuthenticationToken(registrationId, "c")));
		assertThat(ex).isExactlyInstanceOf(WeChatAuthenticationException.class);
		assertThat(((WeChatAuthenticationException) ex).getError().getErrorCode())
			.isEqualTo(WeChatErrorCodes.UNKNOWN_REGISTRATION);
		assertThat(this.exchanges).hasValue(0);
		WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(this.registrations, (request) -> {
			throw new AssertionError("not called");
		});
		assertSameFailure(ex, catchThrowable(
				() -> provider.authenticate(new WeChatCodeAuthenticationToken(registrationId, "c"))));
	}

	@Test
	void authenticateWhenRegistrationsFailThenServiceExceptionWithoutTheirMessage() {
		WeChatRegistrationRepository failing = repository((registrationId) -> {
			throw new IllegalStateException("jdbc:postgresql://db.internal/app is down");
		});
		WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(failing,
				(request) -> Mono.just(identity()));
		Throwable ex = failure(manager, "c");
		assertThat(ex).isInstanceOf(WeChatAuthenticationServiceException.class);
		assertThat(((WeChatAuthenticationServiceException) ex).getError().getErrorCode())
			.isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
		assertThat(ex.getMessage()).doesNotContain("db.internal");
	}

	@Test
	void authenticateWhenRegistrationsInMemoryThenReadOnTheSubscriberThread() {
		AtomicReference<String> lookupThread = new AtomicReference<>();
		WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(this.registrations,
				(request) -> {
					lookupThread.set(Thread.currentThread().getName());
					return Mono.just(identity());
				});
		authenticate(manager, "c");
		assertThat(lookupThread.get()).isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void authenticateWhenRegistrationsMayBlockThenReadOnBoundedElastic() {
		AtomicReference<String> lookupThread = new AtomicReference<>();
		WeChatRegistrationRepository database = repository((registrationId) -> {
			lookupThread.set(Thread.currentThread().getName());
			return REGISTRATION;
		});
		WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(database,
				(request) -> Mono.just(identity()));
		assertThat(authenticate(manager, "c")).isInstanceOf(WeChatAuthentication.class);
		assertThat(lookupThread.get()).startsWith("boundedElastic-");
	}

	@Test
	void authenticateWhenPhoneCodeThenInvalidRequestAndWeChatNotCalled() {
		Throwable ex = failure(this.manager.authenticate(new WeChatCodeAuthenticationToken("default", "c", "p")));
		assertThat(ex).isExactlyInstanceOf(WeChatAuthenticationException.class);
		WeChatError error = ((WeChatAuthenticationException) ex).getError();
		assertThat(error.getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_REQUEST);
		assertThat(error.getDescription()).isEqualTo("Phone number codes are not accepted here");
		assertThat(this.exchanges).hasValue(0);
		WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(this.registrations,
				(request) -> identity());
		assertSameFailure(ex,
				catchThrowable(() -> provider.authenticate(new WeChatCodeAuthenticationToken("default", "c", "p"))));
	}

	@Test
	void authenticateWhenCredentialsErasedThenInvalidRequest() {
		WeChatCodeAuthenticationToken token = new WeChatCodeAuthenticationToken("default", "c");
		token.eraseCredentials();
		Throwable ex = failure(this.manager.authenticate(token));
		assertThat(((WeChatAuthenticationException) ex).getError().getErrorCode())
			.isEqualTo(WeChatErrorCodes.INVALID_REQUEST);
	}

	/**
	 * Each failure of the exchange: the exception type and error answered, and whether the claim
	 * was given back (a second try calls WeChat again) or kept (a second try is a replay), the
	 * same as the servlet provider's.
	 */
	@ParameterizedTest
	@CsvSource({ "upstream_unavailable, NOT_REDEEMED, true", "server_misconfigured, NOT_REDEEMED, true",
			"invalid_code, INVALID, true", "invalid_code, POSSIBLY_REDEEMED, false",
			"user_blocked, POSSIBLY_REDEEMED, false", "rate_limited, POSSIBLY_REDEEMED, false",
			"upstream_unavailable, POSSIBLY_REDEEMED, false" })
	void authenticateWhenExchangeFailsThenSameAnswerAndClaimAsTheProvider(String errorCode, CodeOutcome codeOutcome,
			boolean released) {
		AtomicInteger reactiveCalls = new AtomicInteger();
		WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(this.registrations,
				(request) -> {
					reactiveCalls.incrementAndGet();
					return Mono.error(apiFailure(errorCode, codeOutcome));
				});
		AtomicInteger blockingCalls = new AtomicInteger();
		WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(this.registrations, (request) -> {
			blockingCalls.incrementAndGet();
			throw apiFailure(errorCode, codeOutcome);
		});
		Throwable first = failure(manager, "code");
		assertThat(first).isInstanceOf(isServerSide(errorCode) ? WeChatAuthenticationServiceException.class
				: WeChatAuthenticationException.class);
		assertSameFailure(first, catchThrowable(() -> provider.authenticate(token("code"))));
		Throwable second = failure(manager, "code");
		assertSameFailure(second, catchThrowable(() -> provider.authenticate(token("code"))));
		if (released) {
			assertThat(second).isNotInstanceOf(WeChatCodeReplayException.class);
			assertThat(reactiveCalls).hasValue(2);
		}
		else {
			assertThat(second).isInstanceOf(WeChatCodeReplayException.class);
			assertThat(reactiveCalls).hasValue(1);
		}
		assertThat(blockingCalls).hasValue(reactiveCalls.get());
	}

	@Test
	void authenticateWhenGuardFailsThenServiceExceptionAndWeChatNotCalled() {
		this.manager.setCodeGuard(guard((code) -> Mono.error(new IllegalStateException("redis down")), Mono.empty()));
		Throwable ex = failure(this.manager, "c");
		assertThat(ex).isInstanceOf(WeChatAuthenticationServiceException.class);
		assertThat(((WeChatAuthenticationServiceException) ex).getError().getErrorCode())
			.isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
		assertThat(ex.getMessage()).doesNotContain("redis down");
		assertThat(this.exchanges).hasValue(0);
	}

	@Test
	void authenticateWhenGuardAnswersNothingThenServiceException() {
		this.manager.setCodeGuard(guard((code) -> Mono.empty(), Mono.empty()));
		assertThat(failure(this.manager, "c")).isInstanceOf(WeChatAuthenticationServiceException.class);
	}

	@Test
	void authenticateWhenReleaseFailsThenTheExchangeFailureIsAnswered() {
		WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(this.registrations,
				(request) -> Mono.error(apiFailure(WeChatErrorCodes.INVALID_CODE, CodeOutcome.INVALID)));
		manager.setCodeGuard(guard((code) -> Mono.just(true), Mono.error(new IllegalStateException("down"))));
		Throwable ex = failure(manager, "c");
		assertThat(ex).isExactlyInstanceOf(WeChatAuthenticationException.class);
		assertThat(((WeChatAuthenticationException) ex).getError().getErrorCode())
			.isEqualTo(WeChatErrorCodes.INVALID_CODE);
	}

	@Test
	void authenticateWhenSubscriberCancelsDuringTheReleaseThenTheClaimIsStillGivenBack() throws InterruptedException {
		WeChatReactiveAuthenticationManager manager = new WeChatReactiveAuthenticationManager(this.registrations,
				(request) -> Mono.error(apiFailure(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, CodeOutcome.NOT_REDEEMED)));
		InMemoryWeChatCodeGuard claims = new InMemoryWeChatCodeGuard();
		// a release that takes a while (a Redis round trip)
		ReactiveWeChatCodeGuard slowRelease = new ReactiveWeChatCodeGuard() {

			@Override
			public Mono<Boolean> claim(WeChatRegistration registration, String code) {
				return Mono.fromCallable(() -> claims.claim(registration, code));
			}

			@Override
			public Mono<Void> release(WeChatRegistration registration, String code) {
				return Mono.delay(Duration.ofMillis(200)).then(Mono.fromRunnable(() -> claims.release(registration, code)));
			}

		};
		manager.setCodeGuard(slowRelease);
		manager.authenticate(token("c")).subscribe(null, (ex) -> {
		}).dispose();
		Thread.sleep(600);
		assertThat(claims.claim(REGISTRATION, "c")).as("the claim was given back").isTrue();
	}

	@Test
	void authenticateWhenBlockingGuardThenAdaptedOnBoundedElastic() {
		AtomicReference<String> claimThread = new AtomicReference<>();
		WeChatCodeGuard blocking = new WeChatCodeGuard() {

			@Override
			public boolean claim(WeChatRegistration registration, String code) {
				claimThread.set(Thread.currentThread().getName());
				return true;
			}

			@Override
			public void release(WeChatRegistration registration, String code) {
			}

		};
		this.manager.setCodeGuard(ReactiveWeChatCodeGuard.of(blocking));
		assertThat(authenticate(this.manager, "c")).isInstanceOf(WeChatAuthentication.class);
		assertThat(claimThread.get()).startsWith("boundedElastic-");
	}

	@Test
	void authenticateWhenUserServiceSetThenItsUserAndAuthorities() {
		this.manager.setUserService((request) -> {
			assertThat(request.identity().getSessionKey()).isEqualTo("session-key-value");
			return Mono.just(DefaultWeChatUserService.createUser(request, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
		});
		assertThat(AuthorityUtils.authorityListToSet(authenticate(this.manager, "c").getAuthorities()))
			.containsExactlyInAnyOrder("ROLE_ADMIN", WeChatAuthentication.FACTOR_AUTHORITY);
	}

	@Test
	void authenticateWhenBlockingUserServiceThenCalledOnBoundedElastic() {
		AtomicReference<String> thread = new AtomicReference<>();
		this.manager.setUserService(ReactiveWeChatUserService.of((request) -> {
			thread.set(Thread.currentThread().getName());
			return DefaultWeChatUserService.createUser(request, AuthorityUtils.createAuthorityList("ROLE_X"));
		}));
		assertThat(AuthorityUtils.authorityListToSet(authenticate(this.manager, "c").getAuthorities()))
			.contains("ROLE_X");
		assertThat(thread.get()).startsWith("boundedElastic-");
	}

	@Test
	void authenticateWhenDefaultUserServiceAdaptedThenCalledInline() {
		DefaultWeChatUserService users = new DefaultWeChatUserService();
		users.setAuthorities(AuthorityUtils.createAuthorityList("ROLE_APP"));
		this.manager.setUserService(ReactiveWeChatUserService.of(users));
		assertThat(AuthorityUtils.authorityListToSet(authenticate(this.manager, "c").getAuthorities()))
			.contains("ROLE_APP");
	}

	@Test
	void authenticateWhenUserServiceRefusesThenItsExceptionAndClaimKept() {
		this.manager.setUserService((request) -> Mono.error(new DisabledException("disabled")));
		assertThat(failure(this.manager, "c")).isInstanceOf(DisabledException.class);
		assertThat(failure(this.manager, "c")).isInstanceOf(WeChatCodeReplayException.class);
	}

	@Test
	void authenticateWhenUserServiceAnswersNothingThenIllegalState() {
		this.manager.setUserService((request) -> Mono.empty());
		assertThat(failure(this.manager, "c")).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void authenticateWhenSubscribedOnNonBlockingThreadThenCompletes() {
		Scheduler nonBlocking = Schedulers.newParallel("non-blocking", 1);
		try {
			StepVerifier.create(this.manager.authenticate(token("c")).subscribeOn(nonBlocking))
				.assertNext((result) -> assertThat(result).isInstanceOf(WeChatAuthentication.class))
				.expectComplete()
				.verify(WAIT);
		}
		finally {
			nonBlocking.dispose();
		}
	}

	@Test
	void setterWhenNullThenIllegalArgument() {
		assertThat(catchThrowable(() -> this.manager.setCodeGuard(null))).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("codeGuard cannot be null");
		assertThat(catchThrowable(() -> this.manager.setUserService(null)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("userService cannot be null");
	}

	private static boolean isServerSide(String errorCode) {
		return WeChatErrorCodes.UPSTREAM_UNAVAILABLE.equals(errorCode)
				|| WeChatErrorCodes.SERVER_MISCONFIGURED.equals(errorCode);
	}

	private static void assertSameFailure(Throwable reactive, Throwable blocking) {
		assertThat(reactive).isExactlyInstanceOf(blocking.getClass());
		if (blocking instanceof WeChatAuthenticationException expected) {
			assertThat(((WeChatAuthenticationException) reactive).getError()).isEqualTo(expected.getError());
		}
		if (blocking instanceof WeChatAuthenticationServiceException expected) {
			assertThat(((WeChatAuthenticationServiceException) reactive).getError()).isEqualTo(expected.getError());
		}
		assertThat(reactive.getMessage()).isEqualTo(blocking.getMessage());
	}

	/**
	 * A repository that may block (not an {@link InMemoryWeChatRegistrationRepository}).
	 */
	private static WeChatRegistrationRepository repository(Function<String, WeChatRegistration> lookup) {
		return new WeChatRegistrationRepository() {

			@Override
			public @Nullable WeChatRegistration findByRegistrationId(String registrationId) {
				return lookup.apply(registrationId);
			}

			@Override
			public Iterator<WeChatRegistration> iterator() {
				return List.of(REGISTRATION).iterator();
			}

		};
	}

	private static WeChatApiException apiFailure(String errorCode, CodeOutcome codeOutcome) {
		return new WeChatApiException(new WeChatError(errorCode, "d"), 1, Duration.ofSeconds(7), codeOutcome,
				"scripted");
	}

	private static ReactiveWeChatCodeGuard guard(Function<String, Mono<Boolean>> claim, Mono<Void> release) {
		return new ReactiveWeChatCodeGuard() {

			@Override
			public Mono<Boolean> claim(WeChatRegistration registration, String code) {
				return claim.apply(code);
			}

			@Override
			public Mono<Void> release(WeChatRegistration registration, String code) {
				return release;
			}

		};
	}

	private static WeChatCodeAuthenticationToken token(String code) {
		return new WeChatCodeAuthenticationToken("default", code);
	}

	private static @Nullable Authentication authenticate(WeChatReactiveAuthenticationManager manager, String code) {
		return manager.authenticate(token(code)).block(WAIT);
	}

	private static Throwable failure(WeChatReactiveAuthenticationManager manager, String code) {
		return failure(manager.authenticate(token(code)));
	}

	private static Throwable failure(Mono<Authentication> authentication) {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		StepVerifier.create(authentication).consumeErrorWith(failure::set).verify(WAIT);
		return failure.get();
	}

	private static WeChatIdentity identity() {
		return WeChatIdentity.builder()
			.openid("o-1")
			.unionid("u-1")
			.userId("uid-1")
			.loginType("weixinMiniProgram")
			.sessionKey("session-key-value")
			.build();
	}

}
