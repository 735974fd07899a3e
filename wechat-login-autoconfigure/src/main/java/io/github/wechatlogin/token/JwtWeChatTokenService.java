package io.github.wechatlogin.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.core.Hashes;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.Assert;

/**
 * A {@link WeChatTokenService} that issues signed JWT access tokens carrying the
 * {@link WeChatUser} (see {@link WeChatClaimNames}) and opaque refresh tokens.
 * <p>
 * A refresh token is 256 random bits, stored only as its SHA-256 hash. Every login starts a
 * session (a token "family", the {@code sid} claim of its access tokens); every refresh uses the
 * presented token up and issues a new one in the same session. Presenting a used token again is
 * taken as theft: the whole session is revoked, its later refresh tokens and its access tokens
 * included. {@link #revoke(Jwt) Logout} revokes the access token (by {@code jti}) and its
 * session. {@link WeChatJwtAuthenticationConverter} turns access tokens back into the same user.
 *
 * @author wechat-login developers
 */
public final class JwtWeChatTokenService implements WeChatTokenService {

	private static final Log logger = LogFactory.getLog(JwtWeChatTokenService.class);

	private static final String SESSION_PREFIX = "sid:";

	private static final String TOKEN_PREFIX = "jti:";

	private static final int REFRESH_TOKEN_BYTES = 32;

	private static final int REFRESH_TOKEN_LENGTH = 43;

	private final JwtEncoder jwtEncoder;

	private final WeChatRefreshTokenStore refreshTokens;

	private final WeChatTokenRevocationStore revocations;

	private final SecureRandom random = new SecureRandom();

	private Duration accessTokenTimeToLive = Duration.ofHours(2);

	private Duration refreshTokenTimeToLive = Duration.ofDays(30);

	private Duration maxSessionAge = Duration.ofDays(90);

	private boolean phoneNumberClaim;

	private JwsAlgorithm algorithm = MacAlgorithm.HS256;

	private @Nullable String keyId;

	private @Nullable String issuer;

	private @Nullable String audience;

	private WeChatTokenCustomizer accessTokenCustomizer = (claims, user) -> {
	};

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a new instance.
	 * @param jwtEncoder the encoder that signs access tokens
	 * @param refreshTokens the store of refresh tokens
	 * @param revocations the store of revocations
	 */
	public JwtWeChatTokenService(JwtEncoder jwtEncoder, WeChatRefreshTokenStore refreshTokens,
			WeChatTokenRevocationStore revocations) {
		Assert.notNull(jwtEncoder, "jwtEncoder cannot be null");
		Assert.notNull(refreshTokens, "refreshTokens cannot be null");
		Assert.notNull(revocations, "revocations cannot be null");
		this.jwtEncoder = jwtEncoder;
		this.refreshTokens = refreshTokens;
		this.revocations = revocations;
	}

	/**
	 * Set how long an access token is valid. Defaults to 2 hours.
	 * @param accessTokenTimeToLive the lifetime
	 */
	public void setAccessTokenTimeToLive(Duration accessTokenTimeToLive) {
		Assert.notNull(accessTokenTimeToLive, "accessTokenTimeToLive cannot be null");
		Assert.isTrue(accessTokenTimeToLive.getSeconds() > 0, "accessTokenTimeToLive must be at least one second");
		this.accessTokenTimeToLive = accessTokenTimeToLive;
	}

	/**
	 * Set how long a refresh token is valid; each refresh issues a new one with this lifetime.
	 * Defaults to 30 days.
	 * @param refreshTokenTimeToLive the lifetime
	 */
	public void setRefreshTokenTimeToLive(Duration refreshTokenTimeToLive) {
		Assert.notNull(refreshTokenTimeToLive, "refreshTokenTimeToLive cannot be null");
		Assert.isTrue(refreshTokenTimeToLive.getSeconds() > 0, "refreshTokenTimeToLive must be at least one second");
		this.refreshTokenTimeToLive = refreshTokenTimeToLive;
	}

	/**
	 * Set how long a login session may last, however often it is refreshed: no refresh token or
	 * access token outlives its session's login by more than this, and a refresh after it is
	 * refused ({@code invalid_grant}); the user logs in again. The refresh token's own lifetime
	 * stays the idle limit. Defaults to 90 days.
	 * @param maxSessionAge the maximum age of a session
	 */
	public void setMaxSessionAge(Duration maxSessionAge) {
		Assert.notNull(maxSessionAge, "maxSessionAge cannot be null");
		Assert.isTrue(maxSessionAge.getSeconds() > 0, "maxSessionAge must be at least one second");
		this.maxSessionAge = maxSessionAge;
	}

	/**
	 * Set whether access tokens carry the user's phone number (claim
	 * {@value WeChatClaimNames#PHONE}), which whoever holds the token can read. Defaults to
	 * {@code false}: the phone number stays on the server, and the principal of a bearer
	 * request has none.
	 * @param phoneNumberClaim whether to add the phone number
	 */
	public void setPhoneNumberClaim(boolean phoneNumberClaim) {
		this.phoneNumberClaim = phoneNumberClaim;
	}

	/**
	 * Set the signature algorithm and the id of the key, which the encoder must hold. Defaults
	 * to {@link MacAlgorithm#HS256} without key id.
	 * @param algorithm the algorithm
	 * @param keyId the key id ({@code kid} header), or {@code null}
	 */
	public void setSigningKey(JwsAlgorithm algorithm, @Nullable String keyId) {
		Assert.notNull(algorithm, "algorithm cannot be null");
		this.algorithm = algorithm;
		this.keyId = keyId;
	}

	/**
	 * Set the {@code iss} claim. Defaults to none.
	 * @param issuer the issuer, or {@code null}
	 */
	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	/**
	 * Set the {@code aud} claim. Defaults to none.
	 * @param audience the audience, or {@code null}
	 */
	public void setAudience(@Nullable String audience) {
		this.audience = audience;
	}

	/**
	 * Set a customizer of the access token claims. Defaults to none.
	 * @param accessTokenCustomizer the customizer
	 */
	public void setAccessTokenCustomizer(WeChatTokenCustomizer accessTokenCustomizer) {
		Assert.notNull(accessTokenCustomizer, "accessTokenCustomizer cannot be null");
		this.accessTokenCustomizer = accessTokenCustomizer;
	}

	/**
	 * Set the clock. Defaults to the system UTC clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public WeChatTokenResponse issue(WeChatAuthentication authentication) {
		WeChatUser user = authentication.getPrincipal();
		Instant now = this.clock.instant();
		return issue(user, UUID.randomUUID().toString(), now, now);
	}

	@Override
	public WeChatTokenResponse refresh(String refreshToken, WeChatUserReloader userReloader) {
		Assert.notNull(userReloader, "userReloader cannot be null");
		if (refreshToken == null || refreshToken.length() != REFRESH_TOKEN_LENGTH) {
			throw invalidGrant();
		}
		Instant now = this.clock.instant();
		WeChatRefreshTokenStore.Consumption consumption = this.refreshTokens.consume(hash(refreshToken), now);
		WeChatRefreshToken stored = consumption.token();
		if (stored == null) {
			throw invalidGrant();
		}
		if (consumption.status() == WeChatRefreshTokenStore.Status.REUSED) {
			logger.warn("A used refresh token of " + stored.user().getName()
					+ " was presented again; revoking its login session");
			revokeSession(stored.familyId(), stored.sessionStartedAt(), now);
			throw invalidGrant();
		}
		try {
			return refresh(stored, userReloader, now);
		}
		catch (AuthenticationServiceException | WeChatTokenStoreException ex) {
			// not the client's fault (the user store or a token store did not answer): let it try
			// again with the same token rather than have it taken as reused
			restore(stored);
			throw ex;
		}
	}

	private WeChatTokenResponse refresh(WeChatRefreshToken stored, WeChatUserReloader userReloader, Instant now) {
		if (this.revocations.isRevoked(SESSION_PREFIX + stored.familyId())) {
			throw invalidGrant();
		}
		if (!now.isBefore(sessionEnd(stored.sessionStartedAt()))) {
			throw new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_GRANT,
					"The login session reached its maximum age; log in again"));
		}
		WeChatUser user;
		try {
			user = userReloader.reload(stored.user());
		}
		catch (AuthenticationServiceException ex) {
			throw ex;
		}
		catch (AuthenticationException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("The user " + stored.user().getName() + " was refused at refresh ("
						+ ex.getClass().getSimpleName() + "); revoking the login session");
			}
			revokeSession(stored.familyId(), stored.sessionStartedAt(), now);
			throw (ex instanceof WeChatAuthenticationException refused
					&& WeChatErrorCodes.INVALID_GRANT.equals(refused.getError().getErrorCode())) ? refused
							: new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_GRANT,
									"The user can no longer use this login session; log in again"));
		}
		return issue(user, stored.familyId(), stored.sessionStartedAt(), now);
	}

	@Override
	public WeChatTokenResponse reissue(Jwt accessToken, WeChatUser user) {
		Assert.notNull(accessToken, "accessToken cannot be null");
		Assert.notNull(user, "user cannot be null");
		Assert.isTrue(user.getName().equals(accessToken.getSubject()),
				"The user must be the one the access token was issued to");
		Instant now = this.clock.instant();
		String sessionId = accessToken.getClaimAsString(WeChatClaimNames.SESSION_ID);
		Instant sessionStartedAt = sessionStartedAt(accessToken, now);
		if (sessionId == null) {
			sessionId = UUID.randomUUID().toString();
		}
		if (!now.isBefore(sessionEnd(sessionStartedAt))) {
			throw new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_GRANT,
					"The login session reached its maximum age; log in again"));
		}
		WeChatTokenResponse tokens = issue(user, sessionId, sessionStartedAt, now);
		if (accessToken.getId() != null) {
			Instant expiresAt = (accessToken.getExpiresAt() != null) ? accessToken.getExpiresAt()
					: now.plus(this.accessTokenTimeToLive);
			this.revocations.revoke(TOKEN_PREFIX + accessToken.getId(), expiresAt);
		}
		return tokens;
	}

	private static Instant sessionStartedAt(Jwt accessToken, Instant now) {
		Object authTime = accessToken.getClaims().get(WeChatClaimNames.AUTH_TIME);
		if (authTime instanceof Instant instant) {
			return instant;
		}
		if (authTime instanceof Number seconds) {
			return Instant.ofEpochSecond(seconds.longValue());
		}
		return (accessToken.getIssuedAt() != null) ? accessToken.getIssuedAt() : now;
	}

	private void restore(WeChatRefreshToken stored) {
		try {
			this.refreshTokens.restore(stored);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not restore a refresh token after a failed refresh", ex);
		}
	}

	@Override
	public void revoke(Jwt accessToken) {
		Instant now = this.clock.instant();
		Instant expiresAt = (accessToken.getExpiresAt() != null) ? accessToken.getExpiresAt()
				: now.plus(this.accessTokenTimeToLive);
		if (accessToken.getId() != null) {
			this.revocations.revoke(TOKEN_PREFIX + accessToken.getId(), expiresAt);
		}
		String sessionId = accessToken.getClaimAsString(WeChatClaimNames.SESSION_ID);
		if (sessionId != null) {
			revokeSession(sessionId, accessToken.getClaimAsInstant(WeChatClaimNames.AUTH_TIME), now);
		}
	}

	@Override
	public boolean isRevoked(Jwt accessToken) {
		for (String id : revocationIds(accessToken)) {
			if (this.revocations.isRevoked(id)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The ids in a {@link WeChatTokenRevocationStore} that revoke an access token: its own
	 * ({@code jti:}) and its login session's ({@code sid:}), in the order they are checked.
	 * @param accessToken the access token
	 * @return the ids
	 */
	static List<String> revocationIds(Jwt accessToken) {
		List<String> ids = new ArrayList<>(2);
		if (accessToken.getId() != null) {
			ids.add(TOKEN_PREFIX + accessToken.getId());
		}
		String sessionId = accessToken.getClaimAsString(WeChatClaimNames.SESSION_ID);
		if (sessionId != null) {
			ids.add(SESSION_PREFIX + sessionId);
		}
		return ids;
	}

	/**
	 * Revoke a login session until the last token issued in it would have expired: the longest
	 * token lifetime from now, but never past the session's maximum age (no token outlives it).
	 */
	private void revokeSession(String sessionId, @Nullable Instant sessionStartedAt, Instant now) {
		Duration longest = (this.refreshTokenTimeToLive.compareTo(this.accessTokenTimeToLive) > 0)
				? this.refreshTokenTimeToLive : this.accessTokenTimeToLive;
		Instant until = now.plus(longest);
		if (sessionStartedAt != null) {
			until = earliest(until, sessionEnd(sessionStartedAt));
		}
		if (until.isAfter(now)) {
			this.revocations.revoke(SESSION_PREFIX + sessionId, until);
		}
	}

	private Instant sessionEnd(Instant sessionStartedAt) {
		return sessionStartedAt.plus(this.maxSessionAge);
	}

	private WeChatTokenResponse issue(WeChatUser user, String sessionId, Instant sessionStartedAt, Instant now) {
		Instant sessionEnd = sessionEnd(sessionStartedAt);
		String refreshToken = newRefreshToken();
		this.refreshTokens.save(new WeChatRefreshToken(hash(refreshToken), sessionId, user, now,
				earliest(now.plus(this.refreshTokenTimeToLive), sessionEnd), sessionStartedAt));
		Instant accessTokenExpiresAt = earliest(now.plus(this.accessTokenTimeToLive), sessionEnd);
		return new WeChatTokenResponse(encode(user, sessionId, sessionStartedAt, now, accessTokenExpiresAt),
				Duration.between(now, accessTokenExpiresAt), refreshToken, user);
	}

	private static Instant earliest(Instant first, Instant second) {
		return first.isBefore(second) ? first : second;
	}

	private String encode(WeChatUser user, String sessionId, Instant sessionStartedAt, Instant issuedAt,
			Instant expiresAt) {
		Map<String, Object> userClaims = WeChatUserClaims.toClaims(user);
		if (!this.phoneNumberClaim) {
			userClaims.remove(WeChatClaimNames.PHONE);
		}
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.id(UUID.randomUUID().toString())
			.subject(user.getName())
			.issuedAt(issuedAt)
			.expiresAt(expiresAt)
			.claim(WeChatClaimNames.SESSION_ID, sessionId)
			.claim(WeChatClaimNames.AUTH_TIME, sessionStartedAt.getEpochSecond())
			.claims((all) -> all.putAll(userClaims));
		if (this.issuer != null) {
			claims.issuer(this.issuer);
		}
		if (this.audience != null) {
			claims.audience(List.of(this.audience));
		}
		this.accessTokenCustomizer.customize(claims, user);
		JwsHeader.Builder header = JwsHeader.with(this.algorithm).type("JWT");
		if (this.keyId != null) {
			header.keyId(this.keyId);
		}
		return this.jwtEncoder.encode(JwtEncoderParameters.from(header.build(), claims.build())).getTokenValue();
	}

	private String newRefreshToken() {
		byte[] bytes = new byte[REFRESH_TOKEN_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String refreshToken) {
		return Hashes.sha256(refreshToken);
	}

	private static WeChatAuthenticationException invalidGrant() {
		return new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_GRANT,
				"The refresh token is invalid, expired, revoked or already used; log in again"));
	}

}
