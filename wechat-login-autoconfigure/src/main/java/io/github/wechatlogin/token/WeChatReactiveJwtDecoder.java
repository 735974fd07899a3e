package io.github.wechatlogin.token;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.Assert;

/**
 * The {@link ReactiveJwtDecoder} of WeChat logins' access tokens on WebFlux: the same decoder as
 * on the servlet stack (the one of {@link WeChatJwtCodecs}: the same keys, validators and cache
 * of decoded tokens), called on the subscriber's thread. Decoding a token signed with a secret
 * or a local key pair is CPU only, and never blocks.
 *
 * @author wechat-login developers
 */
public final class WeChatReactiveJwtDecoder implements ReactiveJwtDecoder {

	private final JwtDecoder decoder;

	/**
	 * Create a new instance.
	 * @param decoder the decoder of the tokens, which must not block (no remote JWK Set)
	 */
	public WeChatReactiveJwtDecoder(JwtDecoder decoder) {
		Assert.notNull(decoder, "decoder cannot be null");
		this.decoder = decoder;
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		return Mono.fromCallable(() -> this.decoder.decode(token));
	}

}
