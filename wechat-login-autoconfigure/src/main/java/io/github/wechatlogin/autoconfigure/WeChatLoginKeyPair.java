package io.github.wechatlogin.autoconfigure;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.github.wechatlogin.token.SigningKeyJwtEncoder;
import io.github.wechatlogin.token.WeChatJwkSet;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The signing key pair (RS256 or ES256) of {@code wechat.login.token.signing-key-location} and the
 * public keys still accepted, as Nimbus JWKs identified by their RFC 7638 thumbprints. Kept apart
 * from {@link WeChatLoginTokenKeys} so that an application signing with an HS256 secret loads no
 * Nimbus class while it starts.
 *
 * @author wechat-login developers
 */
final class WeChatLoginKeyPair {

	static final int MIN_RSA_BITS = 2048;

	private final JWK signingKey;

	private final JWKSet verificationKeys;

	private WeChatLoginKeyPair(JWK signingKey, JWKSet verificationKeys) {
		this.signingKey = signingKey;
		this.verificationKeys = verificationKeys;
	}

	static WeChatLoginKeyPair read(Resource signingKeyLocation, List<Resource> verificationKeyLocations,
			String prefix) {
		KeyPair pair = PemKeys.readKeyPair(signingKeyLocation, prefix + "signing-key-location");
		JWK signingKey = jwk(pair.getPublic(), pair.getPrivate(), prefix + "signing-key-location");
		List<JWK> keys = new ArrayList<>();
		keys.add(signingKey);
		for (Resource location : verificationKeyLocations) {
			JWK key = jwk(PemKeys.readPublicKey(location, prefix + "verification-key-locations"), null,
					prefix + "verification-key-locations");
			if (keys.stream().noneMatch((known) -> known.getKeyID().equals(key.getKeyID()))) {
				keys.add(key);
			}
		}
		return new WeChatLoginKeyPair(signingKey, new JWKSet(keys));
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

	SignatureAlgorithm getAlgorithm() {
		return (this.signingKey instanceof RSAKey) ? SignatureAlgorithm.RS256 : SignatureAlgorithm.ES256;
	}

	String getKeyId() {
		return this.signingKey.getKeyID();
	}

	WeChatJwkSet getJwkSet() {
		return new WeChatJwkSet(this.verificationKeys);
	}

	JwtEncoder createEncoder() {
		return SigningKeyJwtEncoder.withJwk(this.signingKey);
	}

	NimbusJwtDecoder createDecoder() {
		Set<SignatureAlgorithm> algorithms = new LinkedHashSet<>();
		for (JWK key : this.verificationKeys.getKeys()) {
			algorithms.add((key instanceof RSAKey) ? SignatureAlgorithm.RS256 : SignatureAlgorithm.ES256);
		}
		return NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(this.verificationKeys.toPublicJWKSet()))
			.jwsAlgorithms((accepted) -> accepted.addAll(algorithms))
			.build();
	}

}
