package io.github.wechatlogin.samples.existingapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.core.convert.converter.Converter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.Assert;

/**
 * Stands in for the company's identity provider in the tests: mints RS256 tokens with the
 * test-only private key {@code internal-idp-private.pem}, whose public key the application trusts
 * ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}).
 *
 * @author wechat-login developers
 */
final class InternalIdp {

	static final String ISSUER = "https://idp.internal.example";

	private final JwtEncoder encoder;

	private InternalIdp(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
		RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyID("internal-idp").build();
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
	}

	/**
	 * The identity provider the application trusts.
	 * @return the identity provider
	 */
	static InternalIdp trusted() {
		return new InternalIdp(readKey("internal-idp-public.pem", RsaKeyConverters.x509()),
				readKey("internal-idp-private.pem", RsaKeyConverters.pkcs8()));
	}

	/**
	 * An impostor: the same issuer and claims, signed with another RSA key.
	 * @return the impostor
	 */
	static InternalIdp impostor() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new InternalIdp((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Mint a token valid for five minutes.
	 * @param subject the calling service
	 * @param scopes the scopes ({@code SCOPE_...} authorities in the application)
	 * @return the token
	 */
	String token(String subject, String... scopes) {
		Instant now = Instant.now();
		return token(subject, now, now.plus(Duration.ofMinutes(5)), scopes);
	}

	/**
	 * Mint a token.
	 * @param subject the calling service
	 * @param issuedAt when it was issued
	 * @param expiresAt when it expires
	 * @param scopes the scopes
	 * @return the token
	 */
	String token(String subject, Instant issuedAt, Instant expiresAt, String... scopes) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.subject(subject)
			.issuedAt(issuedAt)
			.expiresAt(expiresAt)
			.claim("scope", String.join(" ", scopes))
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	private static <K> K readKey(String location, Converter<InputStream, K> converter) {
		try (InputStream pem = new ClassPathResource(location).getInputStream()) {
			K key = converter.convert(pem);
			Assert.state(key != null, () -> "No key in " + location);
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
