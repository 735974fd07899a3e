package io.github.wechatlogin.autoconfigure;

import java.util.function.Supplier;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} created on first use, or by {@link WeChatLoginWarmUp} once the
 * application is ready: creating the Nimbus decoder loads Nimbus' JOSE processing classes, which
 * would otherwise add to the application's start-up. The keys are checked at start-up before.
 *
 * @author wechat-login developers
 */
final class DeferredJwtDecoder extends Deferred<JwtDecoder> implements JwtDecoder {

	DeferredJwtDecoder(Supplier<JwtDecoder> decoder) {
		super(decoder);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		return delegate().decode(token);
	}

}
