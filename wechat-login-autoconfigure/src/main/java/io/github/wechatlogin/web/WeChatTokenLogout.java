package io.github.wechatlogin.web;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.token.WeChatClaimNames;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.util.Assert;

/**
 * The logout endpoint without its web stack: decodes a bearer token, revokes it and its login
 * session, forgets the user's {@code session_key} if there is a store of them, and returns the
 * answer: {@code 204}, the {@link WeChatBearerTokenAuthenticationEntryPoint} answer for an invalid
 * or revoked token, or {@code 503} when the token store is down. The servlet
 * {@link WeChatLogoutFilter} and the WebFlux one find the token and write the answer.
 *
 * @author wechat-login developers
 */
public final class WeChatTokenLogout {

	private static final Log logger = LogFactory.getLog("io.github.wechatlogin.web.WeChatLogoutFilter");

	private final JwtDecoder jwtDecoder;

	private final WeChatTokenService tokenService;

	private @Nullable WeChatSessionKeyStore sessionKeyStore;

	/**
	 * Create a new instance.
	 * @param jwtDecoder the decoder of access tokens
	 * @param tokenService the token service that revokes them
	 */
	public WeChatTokenLogout(JwtDecoder jwtDecoder, WeChatTokenService tokenService) {
		Assert.notNull(jwtDecoder, "jwtDecoder cannot be null");
		Assert.notNull(tokenService, "tokenService cannot be null");
		this.jwtDecoder = jwtDecoder;
		this.tokenService = tokenService;
	}

	/**
	 * Set the store of the users' {@code session_key}s, so that logout forgets the user's.
	 * Defaults to none.
	 * @param sessionKeyStore the store, or {@code null}
	 */
	public void setSessionKeyStore(@Nullable WeChatSessionKeyStore sessionKeyStore) {
		this.sessionKeyStore = sessionKeyStore;
	}

	/**
	 * Log the session of a bearer token out, and return the answer. The decoder and the token
	 * service are called on the caller's thread.
	 * @param token the bearer token
	 * @return the answer
	 */
	public WeChatAnswer logout(String token) {
		Jwt accessToken;
		try {
			accessToken = this.jwtDecoder.decode(token);
			if (this.tokenService.isRevoked(accessToken)) {
				throw new InvalidBearerTokenException("The token was revoked");
			}
			this.tokenService.revoke(accessToken);
		}
		catch (OAuth2AuthenticationException ex) {
			return WeChatEndpointAnswers.bearerTokenRefused(ex);
		}
		catch (JwtException ex) {
			return WeChatEndpointAnswers.bearerTokenRefused(new InvalidBearerTokenException("Invalid token"));
		}
		catch (WeChatTokenStoreException ex) {
			logger.warn("Could not log out: " + ex.getMessage());
			return WeChatAnswer.problem(WeChatError.unavailable("Logout"));
		}
		forgetSessionKey(accessToken);
		return WeChatAnswer.noContent();
	}

	private void forgetSessionKey(Jwt accessToken) {
		String appId = accessToken.getClaimAsString(WeChatClaimNames.APP_ID);
		String openid = accessToken.getClaimAsString(WeChatClaimNames.OPENID);
		if (this.sessionKeyStore == null || appId == null || openid == null) {
			return;
		}
		try {
			this.sessionKeyStore.remove(appId, openid);
		}
		catch (RuntimeException ex) {
			// the session is revoked; the key expires with its time to live
			logger.warn("Could not forget the session_key at logout: " + ex.getClass().getSimpleName());
		}
	}

}
