package io.github.wechatlogin.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.MutableClock;
import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtWeChatTokenService} and {@link WeChatJwtAuthenticationConverter} with a
 * real encoder and decoder and the in-memory stores.
 */
class JwtWeChatTokenServiceTests {

	private static final SecretKey KEY = key("0123456789abcdef0123456789abcdef");

	private final InMemoryWeChatTokenRevocationStore revocations = new InMemoryWeChatTokenRevocationStore();

	private final JwtWeChatTokenService issuer = new JwtWeChatTokenService(NimbusJwtEncoder.withSecretKey(KEY).build(),
			new InMemoryWeChatRefreshTokenStore(), this.revocations);

	private final JwtDecoder decoder = NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();

	private final WeChatJwtAuthenticationConverter converter = new WeChatJwtAuthenticationConverter();

	@Test
	void issueThenDecodeThenSameUserAndAuthorities() {
		WeChatUser user = WeChatUser.withRegistration("shop", "wx-shop")
			.identity((identity) -> identity.openid("o-1")
				.unionid("u-1")
				.userId("uid-1")
				.loginType("weixinMiniProgram")
				.phone("13800000000")
				.attributes(Map.of("nickname", "n")))
			.authorities(AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"))
			.build();
		this.issuer.setPhoneNumberClaim(true);
		WeChatTokenResponse tokens = this.issuer.issue(new WeChatAuthentication(user));
		assertThat(tokens.expiresIn()).isEqualTo(Duration.ofHours(2));
		assertThat(tokens.refreshToken()).hasSize(43);
		assertThat(tokens.toString()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());
		Jwt jwt = this.decoder.decode(tokens.accessToken());
		assertThat(jwt.getSubject()).isEqualTo("uid-1");
		assertThat(jwt.getId()).isNotBlank();
		assertThat(jwt.getHeaders()).containsEntry("alg", "HS256").containsEntry("typ", "JWT");
		assertThat(jwt.getClaimAsStringList(WeChatClaimNames.AUTHORITIES)).containsExactly("ROLE_USER", "ROLE_ADMIN");
		WeChatBearerTokenAuthentication decoded = this.converter.convert(jwt);
		assertThat(decoded.getPrincipal()).isEqualTo(user);
		assertThat(decoded.getPrincipal().getAttributes()).isEmpty();
		assertThat(decoded.getToken()).isSameAs(jwt);
		assertThat(decoded.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER", "ROLE_ADMIN", WeChatAuthentication.FACTOR_AUTHORITY,
					FactorGrantedAuthority.BEARER_AUTHORITY);
		assertThat(decoded.getName()).isEqualTo("uid-1");
	}

	@Test
	void issueWhenMiniProgramUserThenNameIsOpenid() {
		WeChatUser user = WeChatUser.withRegistration("default", "wx-mp")
			.identity((identity) -> identity.openid("o-mp"))
			.build();
		Jwt jwt = this.decoder.decode(this.issuer.issue(new WeChatAuthentication(user)).accessToken());
		assertThat(jwt.getSubject()).isEqualTo("o-mp");
		assertThat(jwt.hasClaim(WeChatClaimNames.UNIONID)).isFalse();
		assertThat(this.converter.convert(jwt).getPrincipal()).isEqualTo(user);
	}

	@Test
	void issueWhenTtlSetThenExpiresAccordingly() {
		Instant now = Instant.parse("2030-01-01T00:00:00Z");
		this.issuer.setClock(Clock.fixed(now, ZoneOffset.UTC));
		this.issuer.setAccessTokenTimeToLive(Duration.ofMinutes(10));
		WeChatUser user = WeChatUser.withRegistration("default", "wx")
			.identity((identity) -> identity.openid("o"))
			.build();
		WeChatTokenResponse tokens = this.issuer.issue(new WeChatAuthentication(user));
		assertThat(tokens.expiresIn()).isEqualTo(Duration.ofMinutes(10));
		Jwt jwt = NimbusJwtDecoder.withSecretKey(KEY).build().decode(tokens.accessToken());
		assertThat(jwt.getIssuedAt()).isEqualTo(now);
		assertThat(jwt.getExpiresAt()).isEqualTo(now.plus(Duration.ofMinutes(10)));
	}

	@Test
	void decodeWhenExpiredThenRefused() {
		this.issuer.setClock(Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC));
		WeChatUser user = WeChatUser.withRegistration("default", "wx")
			.identity((identity) -> identity.openid("o"))
			.build();
		String token = this.issuer.issue(new WeChatAuthentication(user)).accessToken();
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token));
	}

	@Test
	void decodeWhenSignedWithAnotherKeyThenRefused() {
		JwtWeChatTokenService other = new JwtWeChatTokenService(
				NimbusJwtEncoder.withSecretKey(key("another-key-another-key-another-key!")).build(),
				new InMemoryWeChatRefreshTokenStore(), new InMemoryWeChatTokenRevocationStore());
		WeChatUser user = WeChatUser.withRegistration("default", "wx")
			.identity((identity) -> identity.openid("o"))
			.build();
		String token = other.issue(new WeChatAuthentication(user)).accessToken();
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token));
	}

	@Test
	void convertWhenNotAWeChatTokenThenInvalidBearerToken() {
		Jwt jwt = Jwt.withTokenValue("t").header("alg", "HS256").subject("someone").claim("scope", "read").build();
		assertThatExceptionOfType(InvalidBearerTokenException.class).isThrownBy(() -> this.converter.convert(jwt));
	}

	@Test
	void convertWhenSubjectDoesNotMatchIdentityThenInvalidBearerToken() {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "HS256")
			.subject("somebody-else")
			.claim(WeChatClaimNames.REGISTRATION_ID, "default")
			.claim(WeChatClaimNames.APP_ID, "wx")
			.claim(WeChatClaimNames.LOGIN_TYPE, "miniProgram")
			.claim(WeChatClaimNames.OPENID, "o")
			.build();
		assertThatExceptionOfType(InvalidBearerTokenException.class).isThrownBy(() -> this.converter.convert(jwt));
	}

	private static SecretKey key(String value) {
		return new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	@Test
	void reissueThenSameSessionAndLoginTimeNewAuthoritiesAndThePresentedTokenRevoked() {
		WeChatUser user = WeChatUser.withRegistration("shop", "wx-shop")
			.identity((identity) -> identity.openid("o-1"))
			.authorities(AuthorityUtils.createAuthorityList("ROLE_USER"))
			.build();
		MutableClock clock = new MutableClock(java.time.Instant.now());
		this.issuer.setClock(clock);
		WeChatTokenResponse tokens = this.issuer.issue(new WeChatAuthentication(user));
		Jwt presented = this.decoder.decode(tokens.accessToken());
		clock.advance(java.time.Duration.ofMinutes(10));
		WeChatUser verified = WeChatUser.withRegistration("shop", "wx-shop")
			.identity(user.getIdentity())
			.identity((identity) -> identity.phone("13800000000"))
			.authorities(AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_VERIFIED"))
			.build();
		WeChatTokenResponse fresh = this.issuer.reissue(presented, verified);
		Jwt jwt = this.decoder.decode(fresh.accessToken());
		assertThat(jwt.getClaimAsString("sid")).isEqualTo(presented.getClaimAsString("sid"));
		assertThat(jwt.getClaims().get("auth_time")).isEqualTo(presented.getClaims().get("auth_time"));
		assertThat(jwt.getClaimAsStringList("authorities")).containsExactly("ROLE_USER", "ROLE_VERIFIED");
		assertThat(jwt.hasClaim("phone")).isFalse();
		assertThat(fresh.refreshToken()).isNotNull();
		assertThat(this.issuer.isRevoked(presented)).isTrue();
		assertThat(this.issuer.isRevoked(jwt)).isFalse();
		// logout of the fresh token ends the whole session, the presented one included
		this.issuer.revoke(jwt);
		assertThat(this.issuer.isRevoked(this.decoder.decode(tokens.accessToken()))).isTrue();
	}

	@Test
	void reissueWhenAnotherUserThenRefused() {
		WeChatUser user = WeChatUser.withRegistration("shop", "wx-shop").identity((identity) -> identity.openid("o-1")).build();
		Jwt presented = this.decoder.decode(this.issuer.issue(new WeChatAuthentication(user)).accessToken());
		WeChatUser other = WeChatUser.withRegistration("shop", "wx-shop").identity((identity) -> identity.openid("o-2")).build();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.issuer.reissue(presented, other));
	}

}
