package io.github.wechatlogin.autoconfigure;

import java.util.function.Supplier;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * A {@link JwtDecoder} created on first use, or by {@link WeChatLoginWarmUp} once the
 * application is ready: creating the Nimbus decoder loads Nimbus' JOSE processing classes, which
 * would otherwise add to the application's start-up. The keys are checked at start-up before.
 *
 * @author wechat-login developers
 */
final class DeferredJwtDecoder implements JwtDecoder, Deferred {

	private final SingletonSupplier<JwtDecoder> decoder;

	DeferredJwtDecoder(Supplier<JwtDecoder> decoder) {
		Assert.notNull(decoder, "decoder cannot be null");
		this.decoder = SingletonSupplier.of(decoder);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		return this.decoder.obtain().decode(token);
	}

	@Override
	public void prepare() {
		this.decoder.obtain();
	}

}
