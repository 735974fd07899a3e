package io.github.wechatlogin.authentication;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WeChatAuthenticationProvider}, with scripted exchangers (a seam this project
 * owns).
 */
class WeChatAuthenticationProviderTests {

	private static final WeChatRegistration REGISTRATION = WeChatRegistration.withRegistrationId("default")
		.appId("wx-app")
		.secret("secret")
		.build();

	private final InMemoryWeChatRegistrationRepository registrations = new InMemoryWeChatRegistrationRepository(
			REGISTRATION);

	private final AtomicReference<WeChatCodeExchangeRequest> exchanged = new AtomicReference<>();

	private final WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(this.registrations,
			(request) -> {
				this.exchanged.set(request);
				return WeChatIdentity.builder()
					.openid("o-1")
					.unionid("u-1")
					.userId("uid-1")
					.loginType("weixinMiniProgram")
					.sessionKey("session-key-value")
					.attribute("login_time", 1L)
					.build();
			});

	@Test
	void authenticateWhenCodeValidThenWeChatUserWithDefaultAuthorities() {
		WeChatCodeAuthenticationToken request = new WeChatCodeAuthenticationToken("default", "the-code");
		request.setDetails("details");
		Authentication result = this.provider.authenticate(request);
		assertThat(result).isInstanceOf(WeChatAuthentication.class);
		assertThat(result.isAuthenticated()).isTrue();
		assertThat(result.getDetails()).isEqualTo("details");
		assertThat(result.getCredentials()).isNull();
		WeChatUser user = (WeChatUser) result.getPrincipal();
		assertThat(user.getName()).isEqualTo("uid-1");
		assertThat(user.getOpenid()).isEqualTo("o-1");
		assertThat(user.getAppId()).isEqualTo("wx-app");
		assertThat(user.getAttributes()).containsEntry("login_time", 1L);
		assertThat(AuthorityUtils.authorityListToSet(user.getAuthorities())).containsExactly("ROLE_USER");
		assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities()))
			.containsExactlyInAnyOrder("ROLE_USER", WeChatAuthentication.FACTOR_AUTHORITY);
		assertThat(user.toString() + result).doesNotContain("session-key-value");
		assertThat(this.exchanged.get().code()).isEqualTo("the-code");
		assertThat(this.exchanged.get().registration()).isSameAs(REGISTRATION);
	}

	@Test
	void authenticateWhenUserServiceSetThenItsUserAndAuthorities() {
		this.provider.setUserService((request) -> {
			assertThat(request.identity().getSessionKey()).isEqualTo("session-key-value");
			return DefaultWeChatUserService.createUser(request, AuthorityUtils.createAuthorityList("ROLE_ADMIN"));
		});
		Authentication result = this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "c"));
		assertThat(AuthorityUtils.authorityListToSet(result.getAuthorities()))
			.containsExactlyInAnyOrder("ROLE_ADMIN", WeChatAuthentication.FACTOR_AUTHORITY);
	}

	@Test
	void authenticateWhenUserServiceRefusesThenItsException() {
		this.provider.setUserService((request) -> {
			throw new DisabledException("disabled");
		});
		assertThatExceptionOfType(DisabledException.class)
			.isThrownBy(() -> this.provider.authenticate(new WeChatCodeAuthenticationToken("default", "c")));
	}

	@Test
	void authenticateWhenUnknownRegistrationThenUnknownRegistration() {
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(new WeChatCodeAuthenticationToken("other", "c")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode())
				.isEqualTo(WeChatErrorCodes.UNKNOWN_REGISTRATION));
	}

	@ParameterizedTest
	@ValueSource(strings = { WeChatErrorCodes.INVALID_CODE, WeChatErrorCodes.USER_BLOCKED,
			WeChatErrorCodes.RATE_LIMITED })
	void authenticateWhenClientSideErrorThenWeChatAuthenticationException(String errorCode) {
		WeChatAuthenticationProvider failing = failingWith(errorCode);
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> failing.authenticate(new WeChatCodeAuthenticationToken("default", "c")))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(errorCode);
				assertThat(ex.getError().getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { WeChatErrorCodes.UPSTREAM_UNAVAILABLE, WeChatErrorCodes.SERVER_MISCONFIGURED })
	void authenticateWhenServerSideErrorThenAuthenticationServiceException(String errorCode) {
		WeChatAuthenticationProvider failing = failingWith(errorCode);
		assertThatExceptionOfType(WeChatAuthenticationServiceException.class)
			.isThrownBy(() -> failing.authenticate(new WeChatCodeAuthenticationToken("default", "c")))
			.isInstanceOf(AuthenticationServiceException.class)
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(errorCode));
	}

	@Test
	void authenticateWhenWeChatNeverIssuedTheCodeThenClaimGivenBackAndWeChatAskedAgain() {
		// jscode2session 40029, code2verifyinfo 10001001: junk must not hold a place in the guard
		AtomicInteger calls = new AtomicInteger();
		WeChatAuthenticationProvider provider = failingWith(calls, WeChatErrorCodes.INVALID_CODE, 40029,
				CodeOutcome.INVALID);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(WeChatAuthenticationException.class)
				.isThrownBy(() -> provider.authenticate(new WeChatCodeAuthenticationToken("default", "junk")))
				.isNotInstanceOf(WeChatCodeReplayException.class)
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_CODE));
		}
		assertThat(calls).hasValue(2);
	}

	@Test
	void authenticateWhenWeChatSaysCodeUsedThenClaimKeptAndReplayRefusedWithoutCallingWeChat() {
		AtomicInteger calls = new AtomicInteger();
		WeChatAuthenticationProvider provider = failingWith(calls, WeChatErrorCodes.INVALID_CODE, 40163,
				CodeOutcome.POSSIBLY_REDEEMED);
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> provider.authenticate(new WeChatCodeAuthenticationToken("default", "used")))
			.isNotInstanceOf(WeChatCodeReplayException.class);
		assertThatExceptionOfType(WeChatCodeReplayException.class)
			.isThrownBy(() -> provider.authenticate(new WeChatCodeAuthenticationToken("default", "used")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_CODE));
		assertThat(calls).hasValue(1);
	}

	@Test
	void authenticateWhenTimeoutAfterTheCodeWasSentThenClaimKept() {
		AtomicInteger calls = new AtomicInteger();
		WeChatAuthenticationProvider provider = failingWith(calls, WeChatErrorCodes.UPSTREAM_UNAVAILABLE, null,
				CodeOutcome.POSSIBLY_REDEEMED);
		assertThatExceptionOfType(WeChatAuthenticationServiceException.class)
			.isThrownBy(() -> provider.authenticate(new WeChatCodeAuthenticationToken("default", "slow")));
		assertThatExceptionOfType(WeChatCodeReplayException.class)
			.isThrownBy(() -> provider.authenticate(new WeChatCodeAuthenticationToken("default", "slow")));
		assertThat(calls).hasValue(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { WeChatErrorCodes.UPSTREAM_UNAVAILABLE, WeChatErrorCodes.SERVER_MISCONFIGURED })
	void authenticateWhenWeChatDidNotRedeemTheCodeThenClaimGivenBack(String errorCode) {
		AtomicInteger calls = new AtomicInteger();
		WeChatAuthenticationProvider provider = failingWith(calls, errorCode, -1, CodeOutcome.NOT_REDEEMED);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(WeChatAuthenticationServiceException.class)
				.isThrownBy(() -> provider.authenticate(new WeChatCodeAuthenticationToken("default", "again")));
		}
		assertThat(calls).hasValue(2);
	}

	@Test
	void authenticateWhenCodeRedeemedThenReplayRefusedWithoutCallingWeChat() {
		AtomicInteger calls = new AtomicInteger();
		WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(this.registrations, (request) -> {
			calls.incrementAndGet();
			return WeChatIdentity.builder().openid("o-1").build();
		});
		provider.authenticate(new WeChatCodeAuthenticationToken("default", "once"));
		assertThatExceptionOfType(WeChatCodeReplayException.class)
			.isThrownBy(() -> provider.authenticate(new WeChatCodeAuthenticationToken("default", "once")));
		assertThat(calls).hasValue(1);
	}

	@ParameterizedTest
	@CsvSource({ "upstream_unavailable, NOT_REDEEMED", "server_misconfigured, NOT_REDEEMED",
			"invalid_code, POSSIBLY_REDEEMED", "user_blocked, POSSIBLY_REDEEMED", "rate_limited, POSSIBLY_REDEEMED" })
	void apiExceptionWhenNoCodeOutcomeGivenThenOneThatKeepsTheEarlierBehaviour(String errorCode,
			CodeOutcome codeOutcome) {
		WeChatApiException ex = new WeChatApiException(new WeChatError(errorCode, "d"), null, null, "m");
		assertThat(ex.getCodeOutcome()).isEqualTo(codeOutcome);
	}

	@Test
	void supportsWhenCodeTokenThenTrueElseFalse() {
		assertThat(this.provider.supports(WeChatCodeAuthenticationToken.class)).isTrue();
		assertThat(this.provider.supports(UsernamePasswordAuthenticationToken.class)).isFalse();
		assertThat(this.provider.supports(WeChatAuthentication.class)).isFalse();
	}

	@Test
	void codeTokenWhenErasedThenCodeGoneAndNeverPrinted() {
		WeChatCodeAuthenticationToken token = new WeChatCodeAuthenticationToken("default", "secret-code");
		assertThat(token.toString()).doesNotContain("secret-code");
		token.eraseCredentials();
		assertThat(token.getCode()).isNull();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> token.setAuthenticated(true));
	}

	private WeChatAuthenticationProvider failingWith(AtomicInteger calls, String errorCode, Integer errcode,
			CodeOutcome codeOutcome) {
		WeChatAuthenticationProvider provider = new WeChatAuthenticationProvider(this.registrations, (request) -> {
			calls.incrementAndGet();
			throw new WeChatApiException(new WeChatError(errorCode, "d"), errcode, null, codeOutcome, "scripted");
		});
		provider.setCodeGuard(new InMemoryWeChatCodeGuard(100, Clock.systemUTC()));
		return provider;
	}

	private WeChatAuthenticationProvider failingWith(String errorCode) {
		return new WeChatAuthenticationProvider(this.registrations, (request) -> {
			throw new WeChatApiException(new WeChatError(errorCode, "d"), 1, Duration.ofSeconds(7), "scripted");
		});
	}

}
