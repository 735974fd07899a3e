package io.github.wechatlogin.token;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a decoded access token issued by {@link JwtWeChatTokenService} back into a
 * {@link WeChatAuthentication} whose principal is the same {@link WeChatUser} (without the
 * login-time attributes) with the same authorities, refusing revoked tokens when a
 * {@link WeChatTokenService} is set. When revocations cannot be checked (the store is down) the
 * request fails closed with the OAuth2 error {@code temporarily_unavailable} (answered
 * {@code 503}): a revoked token must never work.
 *
 * @author wechat-login developers
 */
public final class WeChatJwtAuthenticationConverter implements Converter<Jwt, WeChatAuthentication> {

	private @Nullable WeChatTokenService tokenService;

	/**
	 * Set the token service that tells revoked tokens. Defaults to none: revocations are not
	 * checked.
	 * @param tokenService the token service
	 */
	public void setTokenService(@Nullable WeChatTokenService tokenService) {
		this.tokenService = tokenService;
	}

	@Override
	public WeChatAuthentication convert(Jwt jwt) {
		if (this.tokenService != null && isRevoked(this.tokenService, jwt)) {
			throw new InvalidBearerTokenException("The token was revoked");
		}
		WeChatUser user = WeChatUserClaims.fromClaims(jwt.getClaims());
		if (user == null) {
			throw new InvalidBearerTokenException("The token is not a WeChat login token");
		}
		if (!user.getName().equals(jwt.getSubject())) {
			throw new InvalidBearerTokenException("The token is not a WeChat login token");
		}
		return new WeChatAuthentication(user);
	}

	private static boolean isRevoked(WeChatTokenService tokenService, Jwt jwt) {
		try {
			return tokenService.isRevoked(jwt);
		}
		catch (WeChatTokenStoreException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
					"Token revocations cannot be checked", null), ex);
		}
	}

}
