package io.github.wechatlogin.token;

import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.util.Assert;

/**
 * The public keys that verify access tokens, as published at
 * {@code /.well-known/jwks.json}: the signing key's public part and the keys still accepted
 * after a rotation. Never holds a private part.
 *
 * @author wechat-login developers
 */
public final class WeChatJwkSet {

	private final JWKSet publicKeys;

	/**
	 * Create a new instance.
	 * @param keys the keys; only their public parts are kept
	 */
	public WeChatJwkSet(JWKSet keys) {
		Assert.notNull(keys, "keys cannot be null");
		this.publicKeys = keys.toPublicJWKSet();
	}

	/**
	 * Return the public keys.
	 * @return the keys
	 */
	public JWKSet getPublicKeys() {
		return this.publicKeys;
	}

	/**
	 * Return the JWK Set document (RFC 7517).
	 * @return the document
	 */
	public Map<String, Object> toJsonObject() {
		return this.publicKeys.toJSONObject(true);
	}

}
