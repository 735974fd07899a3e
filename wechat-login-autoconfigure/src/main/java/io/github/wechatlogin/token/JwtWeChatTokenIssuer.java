package io.github.wechatlogin.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.Assert;

/**
 * A {@link WeChatTokenIssuer} that answers a signed JWT access token carrying the
 * {@link WeChatUser} (see {@link WeChatClaimNames}) and its authorities, so that later requests
 * need no lookup. {@link WeChatJwtAuthenticationConverter} turns it back into the same user.
 *
 * @author wechat-login developers
 */
public final class JwtWeChatTokenIssuer implements WeChatTokenIssuer {

	private final JwtEncoder jwtEncoder;

	private Duration accessTokenTimeToLive = Duration.ofHours(2);

	private JwsAlgorithm algorithm = MacAlgorithm.HS256;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a new instance.
	 * @param jwtEncoder the encoder that signs the tokens
	 */
	public JwtWeChatTokenIssuer(JwtEncoder jwtEncoder) {
		Assert.notNull(jwtEncoder, "jwtEncoder cannot be null");
		this.jwtEncoder = jwtEncoder;
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
	 * Set the signature algorithm, which the encoder's key must support. Defaults to
	 * {@link MacAlgorithm#HS256}.
	 * @param algorithm the algorithm
	 */
	public void setAlgorithm(JwsAlgorithm algorithm) {
		Assert.notNull(algorithm, "algorithm cannot be null");
		this.algorithm = algorithm;
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
		Instant issuedAt = this.clock.instant();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.id(UUID.randomUUID().toString())
			.subject(user.getName())
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(this.accessTokenTimeToLive))
			.claim(WeChatClaimNames.REGISTRATION_ID, user.getRegistrationId())
			.claim(WeChatClaimNames.APP_ID, user.getAppId())
			.claim(WeChatClaimNames.LOGIN_TYPE, user.getLoginType())
			.claim(WeChatClaimNames.AUTHORITIES,
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		putIfPresent(claims, WeChatClaimNames.OPENID, user.getOpenid());
		putIfPresent(claims, WeChatClaimNames.UNIONID, user.getUnionid());
		putIfPresent(claims, WeChatClaimNames.USER_ID, user.getUserId());
		putIfPresent(claims, WeChatClaimNames.PHONE, user.getPhone());
		JwsHeader header = JwsHeader.with(this.algorithm).type("JWT").build();
		String token = this.jwtEncoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
		return new WeChatTokenResponse(token, this.accessTokenTimeToLive, null);
	}

	private static void putIfPresent(JwtClaimsSet.Builder claims, String name, @Nullable String value) {
		if (value != null) {
			claims.claim(name, value);
		}
	}

}
