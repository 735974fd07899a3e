package io.github.wechatlogin.token;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.util.Assert;

/**
 * The {@link JwtEncoder} that signs the access tokens of WeChat logins and the
 * {@link JwtDecoder} that validates them, kept together in a type of their own.
 * <p>
 * They are deliberately not beans of type {@code JwtEncoder} or {@code JwtDecoder}: Spring
 * Boot's resource-server auto-configuration backs off as soon as a {@code JwtDecoder} bean
 * exists, and {@code oauth2ResourceServer().jwt()} in any chain, as well as Spring
 * Authorization Server, picks up the context's {@code JwtDecoder} or {@code JwtEncoder} (even a
 * bean that is not a default candidate, when it is the only one). Published under those types,
 * the WeChat key would validate or sign tokens on chains that belong to the application. The
 * {@code WeChatLoginConfigurer} uses the decoder explicitly, on the chains it is applied to.
 *
 * @author wechat-login developers
 */
public final class WeChatJwtCodecs {

	private final JwtEncoder encoder;

	private final JwtDecoder decoder;

	private WeChatJwtCodecs(JwtEncoder encoder, JwtDecoder decoder) {
		this.encoder = encoder;
		this.decoder = decoder;
	}

	/**
	 * Create a new instance.
	 * @param encoder the encoder that signs access tokens
	 * @param decoder the decoder that validates them
	 * @return the codecs
	 */
	public static WeChatJwtCodecs of(JwtEncoder encoder, JwtDecoder decoder) {
		Assert.notNull(encoder, "encoder cannot be null");
		Assert.notNull(decoder, "decoder cannot be null");
		return new WeChatJwtCodecs(encoder, decoder);
	}

	/**
	 * Return the encoder that signs access tokens.
	 * @return the encoder
	 */
	public JwtEncoder getEncoder() {
		return this.encoder;
	}

	/**
	 * Return the decoder that validates access tokens.
	 * @return the decoder
	 */
	public JwtDecoder getDecoder() {
		return this.decoder;
	}

}
