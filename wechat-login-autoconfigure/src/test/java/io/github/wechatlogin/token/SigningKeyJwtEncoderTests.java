package io.github.wechatlogin.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SigningKeyJwtEncoder}: tokens that Spring Security's {@link NimbusJwtDecoder} accepts,
 * with the same header and claims as {@link NimbusJwtEncoder} writes for the same parameters.
 */
class SigningKeyJwtEncoderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecretKey SECRET = new SecretKeySpec(
			"signing-key-encoder-tests-secret-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	@Test
	void encodeWhenSecretKeyThenSameTokenContentAsNimbusAndDecodable() {
		JwtEncoder encoder = SigningKeyJwtEncoder.withSecretKey(SECRET);
		JwtEncoder nimbus = NimbusJwtEncoder.withSecretKey(SECRET).build();
		JwtDecoder decoder = NimbusJwtDecoder.withSecretKey(SECRET).macAlgorithm(MacAlgorithm.HS256).build();
		JwtEncoderParameters parameters = JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(),
				claims());

		Jwt jwt = encoder.encode(parameters);

		// NimbusJwtEncoder.withSecretKey adds a key id (the secret's thumbprint); this one does not:
		// one secret at a time, nothing to select
		String nimbusToken = nimbus.encode(parameters).getTokenValue();
		assertThat(segment(nimbusToken, 0).has("kid")).isTrue();
		assertThat(segment(jwt.getTokenValue(), 0).has("kid")).isFalse();
		assertThat(segment(jwt.getTokenValue(), 0).get("alg").stringValue()).isEqualTo("HS256");
		assertThat(segment(jwt.getTokenValue(), 0).get("typ").stringValue()).isEqualTo("JWT");
		assertThat(segment(jwt.getTokenValue(), 1)).isEqualTo(segment(nimbusToken, 1));
		Jwt decoded = decoder.decode(jwt.getTokenValue());
		assertThat(decoded.getSubject()).isEqualTo("o-1");
		assertThat(decoded.getClaimAsString("sid")).isEqualTo("session-1");
		assertThat(decoded.getClaimAsStringList("roles")).containsExactly("ROLE_USER", "ROLE_ADMIN");
		assertThat(decoded.getAudience()).containsExactly("wechat-app");
		assertThat(decoded.getIssuedAt()).isEqualTo(NOW);
		assertThat(decoded.getExpiresAt()).isEqualTo(NOW.plusSeconds(7200));
		assertThat(jwt.getHeaders()).containsEntry("typ", "JWT");
		assertThat(jwt.getClaims()).containsEntry("sub", "o-1");
	}

	@Test
	void encodeWhenEcAndRsaKeysThenSameTokenContentAsNimbusAndDecodable() throws Exception {
		JWK ec = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyID("ec-1")
			.generate();
		JWK rsa = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyID("rs-1")
			.generate();
		for (JWK key : List.of(ec, rsa)) {
			SignatureAlgorithm algorithm = (key instanceof ECKey) ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256;
			JwtEncoderParameters parameters = JwtEncoderParameters
				.from(JwsHeader.with(algorithm).type("JWT").keyId(key.getKeyID()).build(), claims());
			JwtDecoder decoder = NimbusJwtDecoder
				.withJwkSource(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())))
				.jwsAlgorithm(algorithm)
				.build();

			String token = SigningKeyJwtEncoder.withJwk(key).encode(parameters).getTokenValue();

			assertSameContent(token,
					new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key))).encode(parameters).getTokenValue());
			assertThat(decoder.decode(token).getSubject()).isEqualTo("o-1");
		}
	}

	@Test
	void encodeWhenSameHeaderTwiceThenBothTokensValid() {
		JwtEncoder encoder = SigningKeyJwtEncoder.withSecretKey(SECRET);
		JwtDecoder decoder = NimbusJwtDecoder.withSecretKey(SECRET).macAlgorithm(MacAlgorithm.HS256).build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();

		String first = encoder.encode(JwtEncoderParameters.from(header, claims())).getTokenValue();
		String second = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims()))
			.getTokenValue();
		String third = encoder.encode(JwtEncoderParameters.from(header, claims())).getTokenValue();

		assertThat(segment(second, 0).has("typ")).isFalse();
		assertThat(segment(first, 0).get("typ").stringValue()).isEqualTo("JWT");
		assertThat(segment(third, 0)).isEqualTo(segment(first, 0));
		for (String token : List.of(first, second, third)) {
			assertThat(decoder.decode(token).getSubject()).isEqualTo("o-1");
		}
	}

	@Test
	void encodeWhenOtherHeaderMembersThenNimbusWritesThemToo() {
		JwtEncoder encoder = SigningKeyJwtEncoder.withSecretKey(SECRET);
		JwtDecoder decoder = NimbusJwtDecoder.withSecretKey(SECRET).macAlgorithm(MacAlgorithm.HS256).build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").header("x-tenant", "t-1").build();

		String token = encoder.encode(JwtEncoderParameters.from(header, claims())).getTokenValue();

		assertThat(segment(token, 0).get("x-tenant").stringValue()).isEqualTo("t-1");
		assertThat(decoder.decode(token).getSubject()).isEqualTo("o-1");
	}

	@Test
	void encodeWhenAlgorithmOrKeyIdOfAnotherKeyThenRefusedAsNimbusRefuses() throws Exception {
		JWK ec = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyID("ec-1")
			.generate();
		JwtEncoder encoder = SigningKeyJwtEncoder.withJwk(ec);

		assertThatExceptionOfType(JwtEncodingException.class).isThrownBy(() -> encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims())));
		assertThatExceptionOfType(JwtEncodingException.class).isThrownBy(() -> encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).keyId("other").build(), claims())));
	}

	@Test
	void withJwkWhenPublicKeyOnlyThenRefused() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256).generate();

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> SigningKeyJwtEncoder.withJwk(rsa.toPublicJWK()))
			.withMessageContaining("private");
	}

	@Test
	void encodeWhenRegisteredClaimsOfOtherTypesThenConvertedAsNimbusConvertsThem() {
		JwtEncoder encoder = SigningKeyJwtEncoder.withSecretKey(SECRET);
		JwtEncoder nimbus = NimbusJwtEncoder.withSecretKey(SECRET).build();
		JwtDecoder decoder = NimbusJwtDecoder.withSecretKey(SECRET).macAlgorithm(MacAlgorithm.HS256).build();
		// what a WeChatTokenCustomizer may write: an audience set, epoch seconds, a Date, an empty id
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject("o-1")
			.claim("aud", new java.util.LinkedHashSet<>(List.of("api")))
			.claim("exp", NOW.plusSeconds(600).getEpochSecond())
			.claim("iat", java.util.Date.from(NOW))
			.claim("jti", "")
			.build();
		JwtEncoderParameters parameters = JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims);

		Jwt jwt = encoder.encode(parameters);

		assertThat(segment(jwt.getTokenValue(), 1)).isEqualTo(segment(nimbus.encode(parameters).getTokenValue(), 1));
		assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plusSeconds(600));
		assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
		Jwt decoded = decoder.decode(jwt.getTokenValue());
		assertThat(decoded.getAudience()).containsExactly("api");
		assertThat(decoded.getExpiresAt()).isEqualTo(NOW.plusSeconds(600));
		assertThat(decoded.hasClaim("jti")).isFalse();
	}

	@Test
	void encodeWhenHeaderWithoutKeyIdThenTheKeysIdAsNimbusAddsIt() throws Exception {
		JWK ec = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyID("ec-1")
			.generate();
		JwtEncoderParameters parameters = JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(),
				claims());

		Jwt jwt = SigningKeyJwtEncoder.withJwk(ec).encode(parameters);

		assertThat(segment(jwt.getTokenValue(), 0)).isEqualTo(segment(
				new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(ec))).encode(parameters).getTokenValue(), 0));
		assertThat(segment(jwt.getTokenValue(), 0).get("kid").stringValue()).isEqualTo("ec-1");
		assertThat(jwt.getHeaders()).containsEntry("kid", "ec-1");
	}

	@Test
	void encodeWhenConcurrentDifferentHeadersThenEachTokenHasItsOwn() throws Exception {
		JwtEncoder encoder = SigningKeyJwtEncoder.withSecretKey(SECRET);
		JwtDecoder decoder = NimbusJwtDecoder.withSecretKey(SECRET).macAlgorithm(MacAlgorithm.HS256).build();
		List<java.util.concurrent.Callable<Boolean>> tasks = new java.util.ArrayList<>();
		for (int i = 0; i < 200; i++) {
			boolean typed = (i % 2 == 0);
			tasks.add(() -> {
				JwsHeader.Builder header = JwsHeader.with(MacAlgorithm.HS256);
				if (typed) {
					header.type("JWT");
				}
				String token = encoder.encode(JwtEncoderParameters.from(header.build(), claims())).getTokenValue();
				decoder.decode(token);
				return segment(token, 0).has("typ") == typed;
			});
		}
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			for (java.util.concurrent.Future<Boolean> result : executor.invokeAll(tasks)) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static JwtClaimsSet claims() {
		return JwtClaimsSet.builder()
			.id("jti-1")
			.subject("o-1")
			.issuer("https://login.example.com")
			.audience(List.of("wechat-app"))
			.issuedAt(NOW)
			.expiresAt(NOW.plusSeconds(7200))
			.claim("sid", "session-1")
			.claim("auth_time", NOW.getEpochSecond())
			.claim("roles", List.of("ROLE_USER", "ROLE_ADMIN"))
			.claim("attrs", Map.of("nickname", "小明"))
			.build();
	}

	/**
	 * Header and claims of two tokens equal as JSON, the signatures verified elsewhere.
	 */
	private static void assertSameContent(String token, String nimbusToken) {
		assertThat(segment(token, 0)).isEqualTo(segment(nimbusToken, 0));
		assertThat(segment(token, 1)).isEqualTo(segment(nimbusToken, 1));
		assertThat(token.split("\\.")).hasSize(3);
	}

	private static JsonNode segment(String token, int index) {
		return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
	}

}
