package io.github.wechatlogin.token;

import java.time.Instant;

import io.github.wechatlogin.authentication.WeChatUser;

import org.springframework.util.Assert;

/**
 * A stored refresh token: only the hash of the token value, the login session ("family") it
 * belongs to, and the user it refreshes.
 *
 * @param tokenHash the SHA-256 hash of the token value, Base64URL-encoded
 * @param familyId the id of the login session, shared by every token rotated from one login
 * @param user the user, with authorities
 * @param issuedAt when it was issued
 * @param expiresAt when it expires
 * @param sessionStartedAt when the login session began (the login): no refresh extends a session
 * beyond its maximum age from then
 * @author wechat-login developers
 */
public record WeChatRefreshToken(String tokenHash, String familyId, WeChatUser user, Instant issuedAt,
		Instant expiresAt, Instant sessionStartedAt) {

	public WeChatRefreshToken {
		Assert.hasText(tokenHash, "tokenHash cannot be empty");
		Assert.hasText(familyId, "familyId cannot be empty");
		Assert.notNull(user, "user cannot be null");
		Assert.notNull(issuedAt, "issuedAt cannot be null");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		Assert.notNull(sessionStartedAt, "sessionStartedAt cannot be null");
	}

	/**
	 * Create the first refresh token of a session, which begins when it is issued.
	 * @param tokenHash the SHA-256 hash of the token value, Base64URL-encoded
	 * @param familyId the id of the login session
	 * @param user the user, with authorities
	 * @param issuedAt when it was issued, and the session began
	 * @param expiresAt when it expires
	 */
	public WeChatRefreshToken(String tokenHash, String familyId, WeChatUser user, Instant issuedAt,
			Instant expiresAt) {
		this(tokenHash, familyId, user, issuedAt, expiresAt, issuedAt);
	}

}
