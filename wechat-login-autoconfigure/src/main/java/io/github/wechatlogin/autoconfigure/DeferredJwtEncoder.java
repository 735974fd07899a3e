package io.github.wechatlogin.autoconfigure;

import java.util.function.Supplier;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * A {@link JwtEncoder} created on first use, or by {@link WeChatLoginWarmUp} once the
 * application is ready: creating the Nimbus encoder loads some hundred classes, which would
 * otherwise add to the application's start-up. The keys are checked at start-up before.
 *
 * @author wechat-login developers
 */
final class DeferredJwtEncoder implements JwtEncoder, Deferred {

	private final SingletonSupplier<JwtEncoder> encoder;

	DeferredJwtEncoder(Supplier<JwtEncoder> encoder) {
		Assert.notNull(encoder, "encoder cannot be null");
		this.encoder = SingletonSupplier.of(encoder);
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
		return this.encoder.obtain().encode(parameters);
	}

	@Override
	public void prepare() {
		this.encoder.obtain();
	}

}
