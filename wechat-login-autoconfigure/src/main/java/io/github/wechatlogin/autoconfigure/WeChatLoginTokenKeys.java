package io.github.wechatlogin.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.github.wechatlogin.token.WeChatJwkSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The keys of the access tokens, from {@code wechat.login.token.*}: an HS256 secret (configured or
 * random, with a warning), or a signing key pair (RS256 or ES256) plus public keys still accepted,
 * each identified by its RFC 7638 thumbprint. Refuses mixed or unusable configurations at
 * startup.
 *
 * @author wechat-login developers
 */
final class WeChatLoginTokenKeys {

	static final int MIN_SECRET_BYTES = 32;

	private static final int MIN_RSA_BITS = 2048;

	private static final String PREFIX = "wechat.login.token.";

	private static final Log logger = LogFactory.getLog(WeChatLoginTokenKeys.class);

	private final @Nullable SecretKey secretKey;

	private final @Nullable JWK signingKey;

	private final @Nullable JWKSet verificationKeys;

	private final JwsAlgorithm algorithm;

	private WeChatLoginTokenKeys(@Nullable SecretKey secretKey, @Nullable JWK signingKey,
			@Nullable JWKSet verificationKeys, JwsAlgorithm algorithm) {
		this.secretKey = secretKey;
		this.signingKey = signingKey;
		this.verificationKeys = verificationKeys;
		this.algorithm = algorithm;
	}

	static WeChatLoginTokenKeys of(WeChatLoginProperties.Token token) {
		boolean hasSecret = token.getSecret() != null && !token.getSecret().isEmpty();
		if (token.getSigningKeyLocation() != null) {
			if (hasSecret) {
				throw new WeChatLoginConfigurationException(
						PREFIX + "secret and " + PREFIX + "signing-key-location are both set.",
						"Keep one: a signing key pair (RS256/ES256, published at /.well-known/jwks.json) or an HS256 secret.");
			}
			return keyPair(token.getSigningKeyLocation(), token.getVerificationKeyLocations());
		}
		if (!token.getVerificationKeyLocations().isEmpty()) {
			throw new WeChatLoginConfigurationException(
					PREFIX + "verification-key-locations is set without " + PREFIX + "signing-key-location.",
					"Set " + PREFIX + "signing-key-location to the private key that signs new tokens.");
		}
		return secret(hasSecret ? token.getSecret() : null);
	}

	private static WeChatLoginTokenKeys secret(@Nullable String secret) {
		if (secret == null) {
			logger.warn(PREFIX + "secret is not set: access tokens are signed with a random key made at "
					+ "this start, so they will not survive a restart nor be accepted by other instances. Set "
					+ PREFIX + "secret to at least " + MIN_SECRET_BYTES + " random bytes, or "
					+ PREFIX + "signing-key-location to a key pair.");
			byte[] random = new byte[MIN_SECRET_BYTES];
			new SecureRandom().nextBytes(random);
			return new WeChatLoginTokenKeys(new SecretKeySpec(random, "HmacSHA256"), null, null, MacAlgorithm.HS256);
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new WeChatLoginConfigurationException(
					PREFIX + "secret has " + bytes.length + " bytes; HS256 needs at least " + MIN_SECRET_BYTES + ".",
					"Set " + PREFIX + "secret to at least " + MIN_SECRET_BYTES
							+ " random bytes, for example the output of 'openssl rand -base64 48'.");
		}
		return new WeChatLoginTokenKeys(new SecretKeySpec(bytes, "HmacSHA256"), null, null, MacAlgorithm.HS256);
	}

	private static WeChatLoginTokenKeys keyPair(Resource signingKeyLocation, List<Resource> verificationKeyLocations) {
		PrivateKey privateKey = PemKeys.readPrivateKey(signingKeyLocation, PREFIX + "signing-key-location");
		PublicKey publicKey;
		try {
			publicKey = PemKeys.publicKeyOf(privateKey);
		}
		catch (IllegalArgumentException ex) {
			throw new WeChatLoginConfigurationException(
					PREFIX + "signing-key-location holds a key whose public key cannot be derived.",
					"Use an RSA key with its CRT parameters (as openssl writes it) or an EC P-256 key.");
		}
		JWK signingKey = jwk(publicKey, privateKey, PREFIX + "signing-key-location");
		List<JWK> keys = new ArrayList<>();
		keys.add(signingKey);
		for (Resource location : verificationKeyLocations) {
			JWK key = jwk(PemKeys.readPublicKey(location, PREFIX + "verification-key-locations"), null,
					PREFIX + "verification-key-locations");
			if (keys.stream().noneMatch((known) -> known.getKeyID().equals(key.getKeyID()))) {
				keys.add(key);
			}
		}
		JwsAlgorithm algorithm = (signingKey instanceof RSAKey) ? SignatureAlgorithm.RS256 : SignatureAlgorithm.ES256;
		return new WeChatLoginTokenKeys(null, signingKey, new JWKSet(keys), algorithm);
	}

	private static JWK jwk(PublicKey publicKey, @Nullable PrivateKey privateKey, String property) {
		try {
			if (publicKey instanceof RSAPublicKey rsa) {
				if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
					throw new WeChatLoginConfigurationException(
							property + " holds an RSA key of " + rsa.getModulus().bitLength() + " bits.",
							"Use an RSA key of at least " + MIN_RSA_BITS + " bits, or an EC P-256 key.");
				}
				RSAKey.Builder builder = new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE)
					.algorithm(com.nimbusds.jose.JWSAlgorithm.RS256);
				if (privateKey != null) {
					builder.privateKey((RSAPrivateKey) privateKey);
				}
				return builder.keyIDFromThumbprint().build();
			}
			ECPublicKey ec = (ECPublicKey) publicKey;
			Curve curve = Curve.forECParameterSpec(ec.getParams());
			if (!Curve.P_256.equals(curve)) {
				throw new WeChatLoginConfigurationException(property + " holds an EC key that is not on P-256.",
						"Use an EC P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256).");
			}
			ECKey.Builder builder = new ECKey.Builder(Curve.P_256, ec).keyUse(KeyUse.SIGNATURE)
				.algorithm(com.nimbusds.jose.JWSAlgorithm.ES256);
			if (privateKey != null) {
				builder.privateKey((ECPrivateKey) privateKey);
			}
			return builder.keyIDFromThumbprint().build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not compute the key thumbprint", ex);
		}
	}

	JwsAlgorithm getAlgorithm() {
		return this.algorithm;
	}

	@Nullable String getKeyId() {
		return (this.signingKey != null) ? this.signingKey.getKeyID() : null;
	}

	@Nullable WeChatJwkSet getJwkSet() {
		return (this.verificationKeys != null) ? new WeChatJwkSet(this.verificationKeys) : null;
	}

	JwtEncoder createEncoder() {
		if (this.secretKey != null) {
			return NimbusJwtEncoder.withSecretKey(this.secretKey).build();
		}
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(this.signingKey)));
	}

	NimbusJwtDecoder createDecoder() {
		if (this.secretKey != null) {
			return NimbusJwtDecoder.withSecretKey(this.secretKey).macAlgorithm(MacAlgorithm.HS256).build();
		}
		Set<SignatureAlgorithm> algorithms = new LinkedHashSet<>();
		for (JWK key : this.verificationKeys.getKeys()) {
			algorithms.add((key instanceof RSAKey) ? SignatureAlgorithm.RS256 : SignatureAlgorithm.ES256);
		}
		return NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(this.verificationKeys.toPublicJWKSet()))
			.jwsAlgorithms((accepted) -> accepted.addAll(algorithms))
			.build();
	}

}
