package io.github.wechatlogin.token;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserReloader;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Issues, refreshes and revokes the tokens of WeChat logins.
 *
 * @author wechat-login developers
 * @see JwtWeChatTokenService
 */
public interface WeChatTokenService {

	/**
	 * Issue an access token and a refresh token for a new login.
	 * @param authentication the result of the login
	 * @return the tokens
	 */
	WeChatTokenResponse issue(WeChatAuthentication authentication);

	/**
	 * Exchange a refresh token for a new access token and a new refresh token, after asking the
	 * application again about the user. The presented token is used up; presenting it again
	 * revokes its whole login session. A user the reloader refuses ends the session.
	 * @param refreshToken the refresh token
	 * @param userReloader what the application says of the session's user now
	 * @return the new tokens, with the user as reloaded
	 * @throws WeChatAuthenticationException with {@code invalid_grant} if the token is unknown,
	 * expired, revoked or used, if its session reached its maximum age, or if the reloader
	 * refused the user (the session is then revoked)
	 * @throws AuthenticationServiceException if the reloader could not answer; the token can be
	 * presented again
	 */
	WeChatTokenResponse refresh(String refreshToken, WeChatUserReloader userReloader)
			throws WeChatAuthenticationException;

	/**
	 * Issue a fresh access token and refresh token for a user whose authorities or identity
	 * changed during a login session (for example after binding a phone number), in the same
	 * session: the same {@code sid}, the same login time ({@code auth_time}) and maximum age. The
	 * presented access token is revoked; the session's earlier refresh tokens stay valid (each
	 * refresh asks the application about the user again).
	 * @param accessToken the decoded access token the request came with
	 * @param user the user as it is now (the same registration and name)
	 * @return the new tokens
	 * @throws UnsupportedOperationException if this token service cannot do it (the default)
	 */
	default WeChatTokenResponse reissue(Jwt accessToken, WeChatUser user) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot reissue tokens in a session");
	}

	/**
	 * Revoke an access token and its login session (every refresh token and access token issued
	 * in it).
	 * @param accessToken the decoded access token
	 */
	void revoke(Jwt accessToken);

	/**
	 * Return whether a decoded access token was revoked.
	 * @param accessToken the decoded access token
	 * @return whether it was revoked
	 */
	boolean isRevoked(Jwt accessToken);

}
