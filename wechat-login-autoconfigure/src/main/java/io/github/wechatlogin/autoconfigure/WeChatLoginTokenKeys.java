package io.github.wechatlogin.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.token.SigningKeyJwtEncoder;
import io.github.wechatlogin.token.WeChatJwkSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;

/**
 * The keys of the access tokens, from {@code wechat.login.token.*}: an HS256 secret (configured or
 * random, with a warning), or a signing key pair (RS256 or ES256) plus public keys still accepted,
 * each identified by its RFC 7638 thumbprint. Refuses mixed or unusable configurations at
 * startup. Nothing here refers to a Nimbus type (key pairs live in {@link WeChatLoginKeyPair}), so
 * that checking an HS256 secret at start-up loads no Nimbus class.
 *
 * @author wechat-login developers
 */
final class WeChatLoginTokenKeys {

	static final int MIN_SECRET_BYTES = 32;

	private static final String PREFIX = "wechat.login.token.";

	private static final Log logger = LogFactory.getLog(WeChatLoginTokenKeys.class);

	private final @Nullable SecretKey secretKey;

	private final @Nullable WeChatLoginKeyPair keyPair;

	private WeChatLoginTokenKeys(SecretKey secretKey) {
		this.secretKey = secretKey;
		this.keyPair = null;
	}

	private WeChatLoginTokenKeys(WeChatLoginKeyPair keyPair) {
		this.secretKey = null;
		this.keyPair = keyPair;
	}

	static WeChatLoginTokenKeys of(WeChatLoginProperties.Token token) {
		boolean hasSecret = token.getSecret() != null && !token.getSecret().isEmpty();
		if (token.getSigningKeyLocation() != null) {
			if (hasSecret) {
				throw new WeChatLoginConfigurationException(
						PREFIX + "secret and " + PREFIX + "signing-key-location are both set.",
						"Keep one: a signing key pair (RS256/ES256, published at /.well-known/jwks.json) or an HS256 secret.");
			}
			return new WeChatLoginTokenKeys(WeChatLoginKeyPair.read(token.getSigningKeyLocation(),
					token.getVerificationKeyLocations(), PREFIX));
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
			return new WeChatLoginTokenKeys(new SecretKeySpec(random, "HmacSHA256"));
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new WeChatLoginConfigurationException(
					PREFIX + "secret has " + bytes.length + " bytes; HS256 needs at least " + MIN_SECRET_BYTES + ".",
					"Set " + PREFIX + "secret to at least " + MIN_SECRET_BYTES
							+ " random bytes, for example the output of 'openssl rand -base64 48'.");
		}
		return new WeChatLoginTokenKeys(new SecretKeySpec(bytes, "HmacSHA256"));
	}

	JwsAlgorithm getAlgorithm() {
		return (this.keyPair != null) ? this.keyPair.getAlgorithm() : MacAlgorithm.HS256;
	}

	@Nullable String getKeyId() {
		return (this.keyPair != null) ? this.keyPair.getKeyId() : null;
	}

	@Nullable WeChatJwkSet getJwkSet() {
		return (this.keyPair != null) ? this.keyPair.getJwkSet() : null;
	}

	JwtEncoder createEncoder() {
		if (this.keyPair != null) {
			return this.keyPair.createEncoder();
		}
		Assert.state(this.secretKey != null, "secretKey cannot be null");
		return SigningKeyJwtEncoder.withSecretKey(this.secretKey);
	}

	NimbusJwtDecoder createDecoder() {
		if (this.keyPair != null) {
			return this.keyPair.createDecoder();
		}
		Assert.state(this.secretKey != null, "secretKey cannot be null");
		return NimbusJwtDecoder.withSecretKey(this.secretKey).macAlgorithm(MacAlgorithm.HS256).build();
	}

}
