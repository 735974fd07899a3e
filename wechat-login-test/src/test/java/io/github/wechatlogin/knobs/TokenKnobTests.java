package io.github.wechatlogin.knobs;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.test.simulator.MutableClock;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The token settings: an application signing with an HS256 secret, an issuer, an audience and
 * lifetimes of its own, and one signing with an RSA key while still accepting a previous key.
 * Tokens are decoded with Nimbus from the keys alone, and forged with them.
 */
class TokenKnobTests {

	private static final String APP_ID = "wx-knob-tokens";

	private static final String SECRET = "knob-tokens-app-secret";

	private static final String TOKEN_SECRET = "knob-token-secret-0123456789-0123456789-abcdef";

	private static final String OTHER_TOKEN_SECRET = "another-token-secret-0123456789-0123456789-xyz";

	private static final String ISSUER = "https://login.knobs.example";

	private static final String AUDIENCE = "knob-api";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).build();

	@TempDir
	static Path keys;

	private static KeyPair signingKey;

	private static KeyPair previousKey;

	private static KeyPair unknownKey;

	/** HS256 with {@link #TOKEN_SECRET}, issuer, audience, 17 minutes, refresh tokens for 3 days. */
	private static KnobApp secretApp;

	/** RS256 with {@link #signingKey}, still accepting {@link #previousKey}. */
	private static KnobApp keyPairApp;

	@BeforeAll
	static void start() {
		simulator.start();
		signingKey = KnobKeys.rsa();
		previousKey = KnobKeys.rsa();
		unknownKey = KnobKeys.rsa();
		secretApp = KnobApp.start(KnobApplication.class, simulator, "wechat.login.app-id=" + APP_ID,
				"wechat.login.secret=" + SECRET, "wechat.login.token.secret=" + TOKEN_SECRET,
				"wechat.login.token.issuer=" + ISSUER, "wechat.login.token.audience=" + AUDIENCE,
				"wechat.login.token.access-token-ttl=17m", "wechat.login.token.refresh-token-ttl=3d",
				"wechat.login.token.phone-number-claim=true");
		keyPairApp = KnobApp.start(KnobApplication.class, simulator, "wechat.login.app-id=" + APP_ID,
				"wechat.login.secret=" + SECRET,
				"wechat.login.token.signing-key-location=" + KnobKeys.writePrivateKey(keys, "signing.pem", signingKey),
				"wechat.login.token.verification-key-locations="
						+ KnobKeys.writePublicKey(keys, "previous.pub.pem", previousKey));
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(secretApp, keyPairApp, simulator);
	}

	@Test
	@Knob(properties = "wechat.login.token.secret")
	void secretWhenSetThenTokensVerifyWithItAndNotWithAnotherKey() throws Exception {
		String token = secretApp.login("/login/wechat", APP_ID, "o-secret").text("access_token");
		assertThat(KnobKeys.header(token).get("alg").asString()).isEqualTo("HS256");
		Jwt jwt = KnobKeys.hmacDecoder(TOKEN_SECRET).decode(token);
		assertThat(jwt.getClaimAsString("openid")).isEqualTo("o-secret");
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> KnobKeys.hmacDecoder(OTHER_TOKEN_SECRET).decode(token));
		// and the application accepts a token made with the secret alone, and not one made with another
		Map<String, Object> claims = jwt.getClaims();
		assertThat(secretApp.get("/api/me", KnobKeys.signHs256(TOKEN_SECRET, claims)).status()).isEqualTo(200);
		assertThat(secretApp.get("/api/me", KnobKeys.signHs256(OTHER_TOKEN_SECRET, claims)).status()).isEqualTo(401);
	}

	@Test
	@Knob(properties = "wechat.login.token.phone-number-claim")
	void phoneNumberClaimWhenSetThenTokensCarryThePhoneNumberAndOnlyThen() throws Exception {
		SimulatedUser phoneUser = new SimulatedUser("", null, SimulatedUser.PHONE_SMS, "uid-phone", "13800138000");
		String withClaim = secretApp.loginWith("/login/wechat", simulator.issueCode(APP_ID, phoneUser), null)
			.text("access_token");
		assertThat(KnobKeys.hmacDecoder(TOKEN_SECRET).decode(withClaim).getClaimAsString("phone"))
			.isEqualTo("13800138000");
		Response withoutClaim = keyPairApp.loginWith("/login/wechat", simulator.issueCode(APP_ID, phoneUser), null);
		assertThat(withoutClaim.status()).as(withoutClaim.body()).isEqualTo(200);
		assertThat(KnobKeys.payload(withoutClaim.text("access_token")).has("phone")).isFalse();
	}

	@Test
	@Knob(properties = "wechat.login.token.access-token-ttl")
	void accessTokenTtlWhenSetThenExpiresInAndExpClaimFollowIt() throws Exception {
		Response login = secretApp.login("/login/wechat", APP_ID, "o-ttl");
		assertThat(login.json().get("expires_in").intValue()).isEqualTo(17 * 60);
		Jwt jwt = KnobKeys.hmacDecoder(TOKEN_SECRET).decode(login.text("access_token"));
		assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(17));
	}

	@Test
	@Knob(properties = "wechat.login.token.issuer")
	void issuerWhenSetThenClaimedAndTokensWithoutItRefused() throws Exception {
		Jwt jwt = KnobKeys.hmacDecoder(TOKEN_SECRET)
			.decode(secretApp.login("/login/wechat", APP_ID, "o-iss").text("access_token"));
		assertThat(jwt.getClaimAsString(JwtClaimNames.ISS)).isEqualTo(ISSUER);
		assertThat(secretApp.get("/api/me", KnobKeys.signHs256(TOKEN_SECRET, jwt.getClaims())).status())
			.isEqualTo(200);
		assertThat(secretApp.get("/api/me", KnobKeys.signHs256(TOKEN_SECRET, without(jwt, JwtClaimNames.ISS)))
			.status()).isEqualTo(401);
		assertThat(secretApp.get("/api/me", KnobKeys.signHs256(TOKEN_SECRET, with(jwt, JwtClaimNames.ISS,
				"https://other.example"))).status()).isEqualTo(401);
	}

	@Test
	@Knob(properties = "wechat.login.token.audience")
	void audienceWhenSetThenClaimedAndTokensWithoutItRefused() throws Exception {
		Jwt jwt = KnobKeys.hmacDecoder(TOKEN_SECRET)
			.decode(secretApp.login("/login/wechat", APP_ID, "o-aud").text("access_token"));
		assertThat(jwt.getAudience()).containsExactly(AUDIENCE);
		assertThat(secretApp.get("/api/me", KnobKeys.signHs256(TOKEN_SECRET, jwt.getClaims())).status())
			.isEqualTo(200);
		assertThat(secretApp.get("/api/me", KnobKeys.signHs256(TOKEN_SECRET, without(jwt, JwtClaimNames.AUD)))
			.status()).isEqualTo(401);
		assertThat(secretApp
			.get("/api/me", KnobKeys.signHs256(TOKEN_SECRET, with(jwt, JwtClaimNames.AUD, List.of("other"))))
			.status()).isEqualTo(401);
	}

	@Test
	@Knob(properties = "wechat.login.token.refresh-token-ttl")
	void refreshTokenTtlWhenSetThenRefreshTokensRefusedOnceItPassed() throws Exception {
		JwtWeChatTokenService tokenService = (JwtWeChatTokenService) secretApp.bean(WeChatTokenService.class);
		MutableClock clock = new MutableClock(Instant.now());
		tokenService.setClock(clock);
		try {
			String first = secretApp.login("/login/wechat", APP_ID, "o-refresh-ttl").text("refresh_token");
			clock.advance(Duration.ofDays(3).minusMinutes(1));
			Response refreshed = secretApp.refresh("/login/wechat/refresh", first);
			assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
			clock.advance(Duration.ofDays(3).plusMinutes(1));
			Response expired = secretApp.refresh("/login/wechat/refresh", refreshed.text("refresh_token"));
			assertThat(expired.status()).as(expired.body()).isEqualTo(401);
			assertThat(expired.text("error")).isEqualTo("invalid_grant");
		}
		finally {
			tokenService.setClock(Clock.systemUTC());
		}
	}

	@Test
	@Knob(properties = "wechat.login.token.signing-key-location")
	void signingKeyLocationWhenSetThenRs256TokensOfThatKeyAndNoOther() throws Exception {
		String token = keyPairApp.login("/login/wechat", APP_ID, "o-rsa").text("access_token");
		assertThat(KnobKeys.header(token).get("alg").asString()).isEqualTo("RS256");
		assertThat(KnobKeys.header(token).get("kid").asString()).isEqualTo(KnobKeys.kid(signingKey));
		assertThat(KnobKeys.rsaDecoder(signingKey).decode(token).getClaimAsString("openid")).isEqualTo("o-rsa");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> KnobKeys.rsaDecoder(unknownKey).decode(token));
		assertThat(keyPairApp.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	@Knob(properties = "wechat.login.token.verification-key-locations")
	void verificationKeyLocationsWhenSetThenTokensOfThatKeyAcceptedAndOfUnknownKeysRefused() throws Exception {
		String token = keyPairApp.login("/login/wechat", APP_ID, "o-rotation").text("access_token");
		Map<String, Object> claims = KnobKeys.rsaDecoder(signingKey).decode(token).getClaims();
		Response previous = keyPairApp.get("/api/me", KnobKeys.signRs256(previousKey, claims));
		assertThat(previous.status()).as(previous.body()).isEqualTo(200);
		assertThat(previous.json().get("openid").asString()).isEqualTo("o-rotation");
		assertThat(keyPairApp.get("/api/me", KnobKeys.signRs256(unknownKey, claims)).status()).isEqualTo(401);
		Response jwkSet = keyPairApp.get("/.well-known/jwks.json", null);
		assertThat(jwkSet.body()).contains(KnobKeys.kid(previousKey), KnobKeys.kid(signingKey));
	}

	private static Map<String, Object> without(Jwt jwt, String claim) {
		Map<String, Object> claims = new LinkedHashMap<>(jwt.getClaims());
		claims.remove(claim);
		return claims;
	}

	private static Map<String, Object> with(Jwt jwt, String claim, Object value) {
		Map<String, Object> claims = new LinkedHashMap<>(jwt.getClaims());
		claims.put(claim, value);
		return claims;
	}

}
