package io.github.wechatlogin.authentication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.client.WeChatPhoneNumber;
import io.github.wechatlogin.client.WeChatPhoneNumberRequest;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WeChatPhoneNumberResolver} and the sign-up with a phone number code in
 * {@link WeChatAuthenticationProvider}, with scripted clients and exchangers (seams this project
 * owns) and the in-memory guard.
 */
class WeChatPhoneNumberResolverTests {

	private static final WeChatRegistration MINI_PROGRAM = WeChatRegistration.withRegistrationId("default")
		.type(WeChatAppType.MINI_PROGRAM)
		.appId("wx-mini")
		.secret("secret")
		.build();

	private static final WeChatRegistration MULTI_APP = WeChatRegistration.withRegistrationId("multi")
		.type(WeChatAppType.MULTI_APP)
		.appId("wx-multi")
		.secret("secret")
		.build();

	private static final WeChatPhoneNumber NUMBER = new WeChatPhoneNumber("13800138000", "13800138000", "86");

	private final List<WeChatPhoneNumberRequest> requests = new ArrayList<>();

	private final List<RuntimeException> failures = new ArrayList<>();

	private final InMemoryWeChatCodeGuard guard = new InMemoryWeChatCodeGuard();

	private final WeChatPhoneNumberResolver resolver = new WeChatPhoneNumberResolver((request) -> {
		this.requests.add(request);
		if (!this.failures.isEmpty()) {
			throw this.failures.remove(0);
		}
		return NUMBER;
	});

	private final List<String> exchanged = new ArrayList<>();

	private final List<WeChatUserRequest> loaded = new ArrayList<>();

	private final WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(
			new InMemoryWeChatRegistrationRepository(MINI_PROGRAM, MULTI_APP), (request) -> {
				this.exchanged.add(request.code());
				return WeChatIdentity.builder().openid("o-1").sessionKey("session-key-value").build();
			});

	WeChatPhoneNumberResolverTests() {
		this.resolver.setCodeGuard(this.guard);
		this.provider.setCodeGuard(this.guard);
		this.provider.setPhoneNumberResolver(this.resolver);
		this.provider.setUserService((request) -> {
			this.loaded.add(request);
			return DefaultWeChatUserService.createUser(request, List.of());
		});
	}

	@Test
	void resolveWhenCodeValidThenNumberWithTheOpenid() {
		assertThat(this.resolver.resolve(MINI_PROGRAM, "o-1", "phone-code")).isEqualTo(NUMBER);
		assertThat(this.requests).singleElement().satisfies((request) -> {
			assertThat(request.openid()).isEqualTo("o-1");
			assertThat(request.code()).isEqualTo("phone-code");
			assertThat(request.toString()).doesNotContain("phone-code");
		});
		assertThat(NUMBER.toString()).doesNotContain("13800138000");
	}

	@Test
	void resolveWhenCodeReplayedThenRefusedWithoutCallingTheClient() {
		this.resolver.resolve(MINI_PROGRAM, "o-1", "phone-code");
		assertThatExceptionOfType(WeChatCodeReplayException.class)
			.isThrownBy(() -> this.resolver.resolve(MINI_PROGRAM, "o-1", "phone-code"))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_CODE));
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void resolveWhenLoginCodeOfTheSameTextClaimedThenNoCollision() {
		assertThat(this.guard.claim(MINI_PROGRAM, "same-text")).isTrue();
		assertThat(this.resolver.resolve(MINI_PROGRAM, "o-1", "same-text")).isEqualTo(NUMBER);
		assertThat(this.guard.claim(MINI_PROGRAM, WeChatPhoneNumberResolver.GUARD_PREFIX + "same-text")).isFalse();
	}

	@Test
	void resolveWhenNotRedeemedOrInvalidThenClaimGivenBack() {
		this.failures.add(apiException(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, CodeOutcome.NOT_REDEEMED));
		assertThatExceptionOfType(WeChatAuthenticationServiceException.class)
			.isThrownBy(() -> this.resolver.resolve(MINI_PROGRAM, "o-1", "c1"));
		this.failures.add(apiException(WeChatErrorCodes.INVALID_CODE, CodeOutcome.INVALID));
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> this.resolver.resolve(MINI_PROGRAM, "o-1", "c1"))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_CODE));
		assertThat(this.resolver.resolve(MINI_PROGRAM, "o-1", "c1")).isEqualTo(NUMBER);
	}

	@Test
	void resolveWhenPossiblyRedeemedThenClaimKept() {
		this.failures.add(apiException(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, CodeOutcome.POSSIBLY_REDEEMED));
		assertThatExceptionOfType(WeChatAuthenticationServiceException.class)
			.isThrownBy(() -> this.resolver.resolve(MINI_PROGRAM, "o-1", "c2"));
		assertThatExceptionOfType(WeChatCodeReplayException.class)
			.isThrownBy(() -> this.resolver.resolve(MINI_PROGRAM, "o-1", "c2"));
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void resolveWhenRateLimitedThenRetryAfter() {
		this.failures.add(new WeChatApiException(new WeChatError(WeChatErrorCodes.RATE_LIMITED, "slow down"), 45011,
				Duration.ofSeconds(60), CodeOutcome.NOT_REDEEMED, "rate-limited"));
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> this.resolver.resolve(MINI_PROGRAM, "o-1", "c3"))
			.satisfies((ex) -> assertThat(ex.getError().getRetryAfter()).isEqualTo(Duration.ofSeconds(60)));
	}

	@Test
	void resolveWhenGuardDownThenUnavailable() {
		WeChatPhoneNumberResolver down = new WeChatPhoneNumberResolver((request) -> NUMBER);
		down.setCodeGuard(new WeChatCodeGuard() {

			@Override
			public boolean claim(WeChatRegistration registration, String code) {
				throw new IllegalStateException("down");
			}

			@Override
			public void release(WeChatRegistration registration, String code) {
			}

		});
		assertThatExceptionOfType(WeChatAuthenticationServiceException.class)
			.isThrownBy(() -> down.resolve(MINI_PROGRAM, "o-1", "c4"))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode())
				.isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE));
	}

	@Test
	void resolveWhenMultiTerminalAppThenInvalidRequestWithoutClaiming() {
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> this.resolver.resolve(MULTI_APP, "o-1", "c5"))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_REQUEST));
		assertThat(this.requests).isEmpty();
		assertThat(this.guard.claim(MULTI_APP, WeChatPhoneNumberResolver.GUARD_PREFIX + "c5")).isTrue();
	}

	@Test
	void signUpWhenPhoneCodeThenUserServiceSeesTheNumberAndSessionKeyStaysOnTheIdentity() {
		this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "login-code", "phone-code"));
		assertThat(this.exchanged).containsExactly("login-code");
		assertThat(this.requests).singleElement().satisfies((request) -> assertThat(request.openid()).isEqualTo("o-1"));
		assertThat(this.loaded).singleElement().satisfies((request) -> {
			assertThat(request.identity().getPhone()).isEqualTo("13800138000");
			assertThat(request.identity().getSessionKey()).isEqualTo("session-key-value");
			assertThat(request.identity().getAttributes()).containsEntry(
					WeChatAuthenticationProvider.PHONE_INFO_ATTRIBUTE,
					Map.of("phoneNumber", "13800138000", "purePhoneNumber", "13800138000", "countryCode", "86"));
		});
	}

	@Test
	void signUpWhenPhoneCodeRefusedThenLoginFailsAfterTheLoginCodeWasExchanged() {
		this.failures.add(apiException(WeChatErrorCodes.INVALID_CODE, CodeOutcome.INVALID));
		assertThatExceptionOfType(WeChatAuthenticationException.class).isThrownBy(
				() -> this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "login-1", "bad")));
		assertThat(this.exchanged).containsExactly("login-1");
		assertThat(this.loaded).isEmpty();
		// the login code stays claimed: WeChat redeemed it
		assertThatExceptionOfType(WeChatCodeReplayException.class)
			.isThrownBy(() -> this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "login-1")));
	}

	@Test
	void signUpWhenLoginCodeReplayedThenPhoneCodeGivenBack() {
		this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "login-2"));
		assertThatExceptionOfType(WeChatCodeReplayException.class).isThrownBy(
				() -> this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "login-2", "phone-2")));
		assertThat(this.requests).isEmpty();
		assertThat(this.resolver.resolve(MINI_PROGRAM, "o-1", "phone-2")).isEqualTo(NUMBER);
	}

	@Test
	void signUpWhenPhoneCodeReplayedThenRefusedBeforeTheLoginCodeIsExchanged() {
		this.resolver.resolve(MINI_PROGRAM, "o-1", "phone-3");
		assertThatExceptionOfType(WeChatCodeReplayException.class).isThrownBy(
				() -> this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "login-3", "phone-3")));
		assertThat(this.exchanged).isEmpty();
		this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "login-3"));
		assertThat(this.exchanged).containsExactly("login-3");
	}

	@Test
	void signUpWhenNoResolverOrMultiTerminalAppThenInvalidRequestWithoutExchanging() {
		WeChatAuthenticationProvider without = new WeChatAuthenticationProvider(
				new InMemoryWeChatRegistrationRepository(MINI_PROGRAM), (request) -> {
					throw new AssertionError("exchanged");
				});
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> without.authenticate(new WeChatCodeAuthenticationToken("default", "l", "p")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_REQUEST));
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(new WeChatCodeAuthenticationToken("multi", "l", "p")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_REQUEST));
		assertThat(this.exchanged).isEmpty();
	}

	@Test
	void tokenWhenCredentialsErasedThenPhoneCodeGoneAndNeverShown() {
		WeChatCodeAuthenticationToken token = new WeChatCodeAuthenticationToken("default", "login", "phone-secret");
		assertThat(token.toString()).doesNotContain("phone-secret").doesNotContain("login,");
		token.eraseCredentials();
		assertThat(token.getPhoneCode()).isNull();
	}

	private static WeChatApiException apiException(String error, CodeOutcome outcome) {
		return new WeChatApiException(new WeChatError(error, "scripted"), 1, null, outcome, "scripted failure");
	}

}
