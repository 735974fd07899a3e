package io.github.wechatlogin.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.InMemoryWeChatRefreshTokenStore;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.github.wechatlogin.token.SigningKeyJwtEncoder;
import io.github.wechatlogin.token.WeChatBearerTokenAuthentication;
import io.github.wechatlogin.token.WeChatJwtAuthenticationConverter;
import io.github.wechatlogin.token.WeChatRefreshToken;
import io.github.wechatlogin.token.WeChatRefreshTokenStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Issuing an access token ({@link JwtWeChatTokenService#issue}: claims, signature, refresh token
 * and its hash, in-memory store) and verifying one (decode, signature, validation,
 * {@link WeChatJwtAuthenticationConverter} with the revocation check), for HS256, ES256 and
 * RS256, with encoders and decoders built the way the auto-configuration builds them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtBenchmark {

	@Param({ "HS256", "ES256", "RS256" })
	public String algorithm;

	/**
	 * The encoder: {@code signing-key}, the starter's {@link SigningKeyJwtEncoder}, or
	 * {@code nimbus}, Spring Security's {@link NimbusJwtEncoder} (what the starter used before).
	 */
	@Param({ "signing-key", "nimbus" })
	public String encoder;

	private JwtWeChatTokenService tokenService;

	private JwtDecoder decoder;

	private WeChatJwtAuthenticationConverter converter;

	private WeChatAuthentication authentication;

	private String token;

	private JwtEncoder jwtEncoder;

	private JwtEncoderParameters parameters;

	private final ResettableRefreshTokenStore refreshTokens = new ResettableRefreshTokenStore();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		JwtEncoder jwtEncoder;
		switch (this.algorithm) {
			case "HS256" -> {
				SecretKey key = new SecretKeySpec(
						"benchmark-token-secret-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
				jwtEncoder = "nimbus".equals(this.encoder) ? NimbusJwtEncoder.withSecretKey(key).build()
						: SigningKeyJwtEncoder.withSecretKey(key);
				this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
			}
			case "ES256" -> {
				ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.ES256)
					.keyID("es")
					.generate();
				jwtEncoder = "nimbus".equals(this.encoder) ? new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet((JWK) key)))
						: SigningKeyJwtEncoder.withJwk(key);
				this.decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())))
					.jwsAlgorithms((accepted) -> accepted.add(SignatureAlgorithm.ES256))
					.build();
			}
			case "RS256" -> {
				RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.keyID("rs")
					.generate();
				jwtEncoder = "nimbus".equals(this.encoder) ? new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet((JWK) key)))
						: SigningKeyJwtEncoder.withJwk(key);
				this.decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())))
					.jwsAlgorithms((accepted) -> accepted.add(SignatureAlgorithm.RS256))
					.build();
			}
			default -> throw new IllegalArgumentException(this.algorithm);
		}
		this.jwtEncoder = jwtEncoder;
		this.tokenService = new JwtWeChatTokenService(jwtEncoder, this.refreshTokens,
				new InMemoryWeChatTokenRevocationStore());
		switch (this.algorithm) {
			case "ES256" -> this.tokenService.setSigningKey(SignatureAlgorithm.ES256, "es");
			case "RS256" -> this.tokenService.setSigningKey(SignatureAlgorithm.RS256, "rs");
			default -> this.tokenService.setSigningKey(MacAlgorithm.HS256, null);
		}
		this.converter = new WeChatJwtAuthenticationConverter();
		this.converter.setTokenService(this.tokenService);
		WeChatUser user = WeChatUser.withRegistration("default", "wx-benchmark")
			.identity((identity) -> identity.openid("o-benchmark-openid")
				.unionid("u-benchmark-unionid")
				.loginType("weixinApp"))
			.authorities(List.copyOf(AuthorityUtils.createAuthorityList("ROLE_USER")))
			.build();
		this.authentication = new WeChatAuthentication(user);
		this.token = this.tokenService.issue(this.authentication).accessToken();
		Jwt issued = this.decoder.decode(this.token);
		JwsHeader.Builder header = JwsHeader.with((JwsAlgorithm) ("HS256".equals(this.algorithm) ? MacAlgorithm.HS256
				: SignatureAlgorithm.from(this.algorithm))).type("JWT");
		if (issued.getHeaders().get("kid") != null) {
			header.keyId((String) issued.getHeaders().get("kid"));
		}
		this.parameters = JwtEncoderParameters.from(header.build(),
				JwtClaimsSet.builder().claims((claims) -> claims.putAll(issued.getClaims())).build());
	}

	@Setup(Level.Iteration)
	public void clearStore() {
		// issue() stores a refresh token each time, and the in-memory store holds 100,000 at
		// most: start every iteration with an empty one
		this.refreshTokens.reset();
	}

	/**
	 * The encoder alone, with claims like those of an access token: what the two encoders differ in.
	 */
	@Benchmark
	public String encode() {
		return this.jwtEncoder.encode(this.parameters).getTokenValue();
	}

	@Benchmark
	public String issue() {
		return this.tokenService.issue(this.authentication).accessToken();
	}

	@Benchmark
	public WeChatBearerTokenAuthentication verify() {
		return this.converter.convert(this.decoder.decode(this.token));
	}

	/**
	 * An in-memory store that can be emptied between iterations.
	 */
	static final class ResettableRefreshTokenStore implements WeChatRefreshTokenStore {

		private volatile InMemoryWeChatRefreshTokenStore delegate = newStore();

		void reset() {
			this.delegate = newStore();
		}

		private static InMemoryWeChatRefreshTokenStore newStore() {
			return new InMemoryWeChatRefreshTokenStore(Integer.MAX_VALUE, Clock.systemUTC());
		}

		@Override
		public void save(WeChatRefreshToken token) {
			this.delegate.save(token);
		}

		@Override
		public Consumption consume(String tokenHash, Instant now) {
			return this.delegate.consume(tokenHash, now);
		}

	}

}
