package io.github.wechatlogin.knobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Keys for the token knobs, PEM files of them, and Nimbus encoders and decoders built from them
 * alone (not from the application), to check what the application issues and to forge what it
 * should or should not accept.
 */
final class KnobKeys {

	private KnobKeys() {
	}

	static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write the private key as PKCS#8 PEM; return its {@code file:} location.
	 */
	static String writePrivateKey(Path directory, String name, KeyPair keyPair) {
		return write(directory.resolve(name), "PRIVATE KEY", keyPair.getPrivate().getEncoded());
	}

	/**
	 * Write the public key as X.509 PEM; return its {@code file:} location.
	 */
	static String writePublicKey(Path directory, String name, KeyPair keyPair) {
		return write(directory.resolve(name), "PUBLIC KEY", keyPair.getPublic().getEncoded());
	}

	static SecretKey hmac(String secret) {
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/**
	 * The RFC 7638 thumbprint of the public key, the {@code kid} the application gives it.
	 */
	static String kid(KeyPair keyPair) {
		try {
			return new RSAKey.Builder((RSAPublicKey) keyPair.getPublic()).build().computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JwtDecoder rsaDecoder(KeyPair keyPair) {
		return NimbusJwtDecoder.withPublicKey((RSAPublicKey) keyPair.getPublic()).build();
	}

	static JwtDecoder hmacDecoder(String secret) {
		return NimbusJwtDecoder.withSecretKey(hmac(secret)).macAlgorithm(MacAlgorithm.HS256).build();
	}

	static JwtEncoder hmacEncoder(String secret) {
		return NimbusJwtEncoder.withSecretKey(hmac(secret)).build();
	}

	/**
	 * Sign a copy of the claims of a token with the RSA key, with a new {@code jti}.
	 */
	static String signRs256(KeyPair keyPair, Map<String, Object> claims) {
		RSAKey key = new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
			.privateKey((RSAPrivateKey) keyPair.getPrivate())
			.keyID(kid(keyPair))
			.build();
		JwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		return encoder.encode(JwtEncoderParameters.from(
				JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").keyId(kid(keyPair)).build(), copy(claims)))
			.getTokenValue();
	}

	/**
	 * Sign a copy of the claims of a token with the HS256 secret, with a new {@code jti}.
	 */
	static String signHs256(String secret, Map<String, Object> claims) {
		return hmacEncoder(secret)
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(), copy(claims)))
			.getTokenValue();
	}

	private static JwtClaimsSet copy(Map<String, Object> claims) {
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
		claims.forEach(builder::claim);
		return builder.id(UUID.randomUUID().toString()).build();
	}

	static JsonNode header(String token) {
		return JsonMapper.shared()
			.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
	}

	static JsonNode payload(String token) {
		return JsonMapper.shared()
			.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
	}

	private static String write(Path file, String type, byte[] der) {
		String pem = "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der) + "\n-----END " + type + "-----\n";
		try {
			Files.writeString(file, pem, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file.toUri().toString();
	}

}
