package io.github.wechatlogin.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.MutableClock;
import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.authentication.UserServiceWeChatUserReloader;
import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for refresh rotation, reuse detection and revocation in {@link JwtWeChatTokenService}
 * with the in-memory stores.
 */
class RefreshTokensTests {

	private static final SecretKeySpec KEY = new SecretKeySpec(
			"0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final InMemoryWeChatRefreshTokenStore refreshTokens = new InMemoryWeChatRefreshTokenStore(1000, this.clock);

	private final InMemoryWeChatTokenRevocationStore revocations = new InMemoryWeChatTokenRevocationStore(1000,
			this.clock);

	private final JwtWeChatTokenService tokens = new JwtWeChatTokenService(NimbusJwtEncoder.withSecretKey(KEY).build(),
			this.refreshTokens, this.revocations);

	private static final WeChatUserReloader SAME_USER = (user) -> user;

	private final WeChatJwtAuthenticationConverter converter = new WeChatJwtAuthenticationConverter();

	private final WeChatUser user = WeChatUser.withRegistration("default", "wx")
		.identity((identity) -> identity.openid("o-1"))
		.authorities(AuthorityUtils.createAuthorityList("ROLE_USER"))
		.build();

	RefreshTokensTests() {
		this.tokens.setClock(this.clock);
		this.converter.setTokenService(this.tokens);
	}

	@Test
	void refreshWhenValidThenNewTokensInSameSessionForSameUser() {
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		WeChatTokenResponse refreshed = this.tokens.refresh(login.refreshToken(), SAME_USER);
		assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken()).hasSize(43);
		assertThat(refreshed.accessToken()).isNotEqualTo(login.accessToken());
		assertThat(refreshed.user()).isEqualTo(this.user);
		Jwt before = decode(login.accessToken());
		Jwt after = decode(refreshed.accessToken());
		assertThat(after.getClaimAsString("sid")).isEqualTo(before.getClaimAsString("sid"));
		assertThat(after.getId()).isNotEqualTo(before.getId());
		assertThat(this.converter.convert(after).getPrincipal()).isEqualTo(this.user);
	}

	@Test
	void refreshWhenTokenUsedTwiceThenInvalidGrantAndWholeSessionRevoked() {
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		WeChatTokenResponse first = this.tokens.refresh(login.refreshToken(), SAME_USER);
		assertInvalidGrant(login.refreshToken());
		// the later refresh token and the access tokens of the session are revoked too
		assertInvalidGrant(first.refreshToken());
		assertRevoked(first.accessToken());
		assertRevoked(login.accessToken());
	}

	@Test
	void refreshWhenOtherSessionReusedThenThisSessionUnaffected() {
		WeChatTokenResponse mine = this.tokens.issue(new WeChatAuthentication(this.user));
		WeChatTokenResponse theirs = this.tokens.issue(new WeChatAuthentication(this.user));
		this.tokens.refresh(theirs.refreshToken(), SAME_USER);
		assertInvalidGrant(theirs.refreshToken());
		assertThat(this.tokens.refresh(mine.refreshToken(), SAME_USER).user()).isEqualTo(this.user);
	}

	@Test
	void refreshWhenExpiredThenInvalidGrant() {
		this.tokens.setRefreshTokenTimeToLive(Duration.ofDays(1));
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		this.clock.advance(Duration.ofDays(1).plusSeconds(1));
		assertInvalidGrant(login.refreshToken());
	}

	@Test
	void refreshWhenUnknownOrMalformedThenInvalidGrant() {
		assertInvalidGrant("A".repeat(43));
		assertInvalidGrant("short");
		assertInvalidGrant("");
	}

	@Test
	void revokeThenAccessTokenAndSessionRefused() {
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		WeChatTokenResponse other = this.tokens.issue(new WeChatAuthentication(this.user));
		this.tokens.revoke(decode(login.accessToken()));
		assertRevoked(login.accessToken());
		assertInvalidGrant(login.refreshToken());
		assertThat(this.tokens.isRevoked(decode(other.accessToken()))).isFalse();
	}

	@Test
	void revocationWhenTokensExpiredThenForgotten() {
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		this.tokens.revoke(decode(login.accessToken()));
		this.clock.advance(Duration.ofDays(31));
		this.revocations.revoke("x", this.clock.instant().plusSeconds(1));
		assertThat(this.revocations.isRevoked("jti:" + decode(login.accessToken()).getId())).isFalse();
	}

	@Test
	void revokeWhenSessionEndsBeforeTheLongestTokenLifetimeThenRevocationKeptOnlyUntilSessionEnd() {
		this.tokens.setMaxSessionAge(Duration.ofDays(10));
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		this.clock.advance(Duration.ofDays(9));
		WeChatTokenResponse refreshed = this.tokens.refresh(login.refreshToken(), SAME_USER);
		this.tokens.revoke(decode(refreshed.accessToken()));
		String session = "sid:" + decode(refreshed.accessToken()).getClaimAsString("sid");
		// the session, and every token issued in it, ends 10 days after login, not 30 days after now
		this.clock.advance(Duration.ofDays(1).minusSeconds(1));
		assertThat(this.revocations.isRevoked(session)).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.revocations.isRevoked(session)).isFalse();
		assertInvalidGrant(refreshed.refreshToken());
	}

	@Test
	void storeWhenFullOfLiveEntriesThenRefusesRatherThanForgets() {
		InMemoryWeChatTokenRevocationStore small = new InMemoryWeChatTokenRevocationStore(2, this.clock);
		small.revoke("a", this.clock.instant().plusSeconds(60));
		small.revoke("b", this.clock.instant().plusSeconds(60));
		assertThatExceptionOfType(WeChatTokenStoreException.class).isThrownBy(() -> small.revoke("c", this.clock.instant().plusSeconds(60)));
		assertThat(small.isRevoked("a")).isTrue();
		this.clock.advance(Duration.ofSeconds(61));
		small.revoke("c", this.clock.instant().plusSeconds(60));
		assertThat(small.isRevoked("c")).isTrue();
	}

	@Test
	void refreshStoreWhenFullThenOneDroppedAndRefusedRatherThanFailing() {
		InMemoryWeChatRefreshTokenStore small = new InMemoryWeChatRefreshTokenStore(3, this.clock);
		for (int i = 1; i <= 4; i++) {
			small.save(new WeChatRefreshToken("h" + i, "f", this.user, this.clock.instant(),
					this.clock.instant().plusSeconds(100L * i)));
		}
		// which one is dropped is Caffeine's choice (W-TinyLFU), not the one that expires soonest
		int unknown = 0;
		for (int i = 1; i <= 4; i++) {
			WeChatRefreshTokenStore.Status status = small.consume("h" + i, this.clock.instant()).status();
			assertThat(status).isIn(WeChatRefreshTokenStore.Status.CONSUMED, WeChatRefreshTokenStore.Status.UNKNOWN);
			unknown += (status == WeChatRefreshTokenStore.Status.UNKNOWN) ? 1 : 0;
		}
		assertThat(unknown).isEqualTo(1);
	}

	@Test
	void refreshStoreWhenUsedTokenRetentionPassedThenUnknownNotReused() {
		this.refreshTokens.setUsedTokenRetention(Duration.ofHours(1));
		WeChatRefreshToken token = new WeChatRefreshToken("kept", "f", this.user, this.clock.instant(),
				this.clock.instant().plus(Duration.ofDays(30)));
		this.refreshTokens.save(token);
		this.refreshTokens.consume("kept", this.clock.instant());
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.refreshTokens.consume("kept", this.clock.instant()).status())
			.isEqualTo(WeChatRefreshTokenStore.Status.REUSED);
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.refreshTokens.consume("kept", this.clock.instant()).status())
			.isEqualTo(WeChatRefreshTokenStore.Status.UNKNOWN);
	}

	@Test
	void codeGuardWhenFullThenClaimsDroppedInsteadOfLockingOutLogins() {
		InMemoryWeChatCodeGuard guard = new InMemoryWeChatCodeGuard(3, this.clock);
		WeChatRegistration registration = WeChatRegistration.withRegistrationId("default")
			.appId("wx")
			.secret("s")
			.build();
		for (int i = 0; i < 10; i++) {
			assertThat(guard.claim(registration, "code-" + i)).isTrue();
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(guard.claim(registration, "code-10")).isTrue();
	}

	@Test
	void storeWhenConsumedTwiceThenReused() {
		WeChatRefreshToken token = new WeChatRefreshToken("hash", "family", this.user, this.clock.instant(),
				this.clock.instant().plusSeconds(60));
		this.refreshTokens.save(token);
		assertThat(this.refreshTokens.consume("hash", this.clock.instant()).status())
			.isEqualTo(WeChatRefreshTokenStore.Status.CONSUMED);
		assertThat(this.refreshTokens.consume("hash", this.clock.instant()).status())
			.isEqualTo(WeChatRefreshTokenStore.Status.REUSED);
		assertThat(this.refreshTokens.consume("other", this.clock.instant()).status())
			.isEqualTo(WeChatRefreshTokenStore.Status.UNKNOWN);
	}

	@Test
	void refreshWhenReloaderRefusesUserThenInvalidGrantAndWholeSessionRevoked() {
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		WeChatTokenResponse first = this.tokens.refresh(login.refreshToken(), SAME_USER);
		WeChatUserReloader banned = (user) -> {
			throw new DisabledException("banned");
		};
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> this.tokens.refresh(first.refreshToken(), banned))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_GRANT));
		assertRevoked(first.accessToken());
		assertRevoked(login.accessToken());
	}

	@Test
	void refreshWhenReloaderChangesAuthoritiesThenNewAccessTokenCarriesThem() {
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		WeChatUser promoted = WeChatUser.withRegistration("default", "wx")
			.identity((identity) -> identity.openid("o-1"))
			.authorities(AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"))
			.build();
		WeChatTokenResponse refreshed = this.tokens.refresh(login.refreshToken(), (user) -> promoted);
		assertThat(decode(refreshed.accessToken()).getClaimAsStringList(WeChatClaimNames.AUTHORITIES))
			.containsExactly("ROLE_USER", "ROLE_ADMIN");
		// and the next refresh starts from the user as reloaded
		assertThat(this.tokens.refresh(refreshed.refreshToken(), SAME_USER).user()).isEqualTo(promoted);
	}

	@Test
	void refreshWhenReloaderCannotAnswerThenServiceExceptionAndTokenUsableAgain() {
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		WeChatUserReloader down = (user) -> {
			throw new AuthenticationServiceException("the user store is down");
		};
		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> this.tokens.refresh(login.refreshToken(), down));
		assertThat(this.tokens.refresh(login.refreshToken(), SAME_USER).user()).isEqualTo(this.user);
		assertThat(this.converter.convert(decode(login.accessToken())).getPrincipal()).isEqualTo(this.user);
	}

	@Test
	void refreshWhenUserServiceFailsThenAnswerUnknownAndTokenUsableAgain() {
		WeChatRegistration registration = WeChatRegistration.withRegistrationId("default")
			.appId("wx")
			.secret("s")
			.build();
		WeChatUserReloader databaseDown = new UserServiceWeChatUserReloader(
				new InMemoryWeChatRegistrationRepository(List.of(registration)), (request) -> {
					throw new IllegalStateException("connection refused");
				});
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> this.tokens.refresh(login.refreshToken(), databaseDown));
		assertThat(this.tokens.refresh(login.refreshToken(), SAME_USER).user()).isEqualTo(this.user);
	}

	@Test
	void refreshWhenSessionOlderThanMaxSessionAgeThenInvalidGrantAndNoTokenOutlivesIt() {
		this.tokens.setMaxSessionAge(Duration.ofDays(10));
		this.tokens.setRefreshTokenTimeToLive(Duration.ofDays(7));
		Instant loggedIn = this.clock.instant();
		WeChatTokenResponse login = this.tokens.issue(new WeChatAuthentication(this.user));
		this.clock.advance(Duration.ofDays(6));
		WeChatTokenResponse second = this.tokens.refresh(login.refreshToken(), SAME_USER);
		this.clock.advance(Duration.ofDays(3).plusHours(23));
		// 9 days 23 hours after the login: the access token ends with the session, in an hour
		WeChatTokenResponse third = this.tokens.refresh(second.refreshToken(), SAME_USER);
		assertThat(third.expiresIn()).isEqualTo(Duration.ofHours(1));
		Jwt jwt = decode(third.accessToken());
		assertThat(jwt.getExpiresAt()).isEqualTo(loggedIn.plus(Duration.ofDays(10)));
		assertThat(((Number) jwt.getClaim(WeChatClaimNames.AUTH_TIME)).longValue()).isEqualTo(loggedIn.getEpochSecond());
		this.clock.advance(Duration.ofHours(1));
		assertInvalidGrant(third.refreshToken());
	}

	@Test
	void issueWhenUserHasPhoneNumberThenNoPhoneClaimUnlessConfigured() {
		WeChatUser withPhone = WeChatUser.withRegistration("default", "wx")
			.identity((identity) -> identity.openid("o-1").phone("13800138000"))
			.authorities(AuthorityUtils.createAuthorityList("ROLE_USER"))
			.build();
		WeChatTokenResponse tokens = this.tokens.issue(new WeChatAuthentication(withPhone));
		assertThat(decode(tokens.accessToken()).getClaims()).doesNotContainKey(WeChatClaimNames.PHONE);
		assertThat(this.tokens.refresh(tokens.refreshToken(), SAME_USER).user().getPhone()).isEqualTo("13800138000");
		this.tokens.setPhoneNumberClaim(true);
		assertThat(decode(this.tokens.issue(new WeChatAuthentication(withPhone)).accessToken())
			.getClaimAsString(WeChatClaimNames.PHONE)).isEqualTo("13800138000");
	}

	private void assertInvalidGrant(String refreshToken) {
		assertThatExceptionOfType(WeChatAuthenticationException.class)
			.isThrownBy(() -> this.tokens.refresh(refreshToken, SAME_USER))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_GRANT));
	}

	private void assertRevoked(String accessToken) {
		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> this.converter.convert(decode(accessToken)));
	}

	private static Jwt decode(String token) {
		// the clock of this test runs in 2030: skip the timestamp checks of the system clock
		NimbusJwtDecoder lenient = NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();
		lenient.setJwtValidator((jwt) -> OAuth2TokenValidatorResult.success());
		return lenient.decode(token);
	}

}
