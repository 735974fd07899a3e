package io.github.wechatlogin.autoconfigure;

import java.util.function.Supplier;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * A {@link JwtEncoder} created on first use, or by {@link WeChatLoginWarmUp} once the
 * application is ready: creating the Nimbus encoder loads some hundred classes, which would
 * otherwise add to the application's start-up. The keys are checked at start-up before.
 *
 * @author wechat-login developers
 */
final class DeferredJwtEncoder extends Deferred<JwtEncoder> implements JwtEncoder {

	DeferredJwtEncoder(Supplier<JwtEncoder> encoder) {
		super(encoder);
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
		return delegate().encode(parameters);
	}

}
