package io.github.wechatlogin.token;

import java.time.Instant;
import java.util.List;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a decoded access token issued by {@link JwtWeChatTokenService} back into a
 * {@link WeChatBearerTokenAuthentication}: its principal is the same {@link WeChatUser} (without
 * the login-time attributes) with the same authorities, its token the {@link Jwt}, and it carries
 * the factors {@code FACTOR_BEARER} and {@value WeChatAuthentication#FACTOR_AUTHORITY} (issued at
 * the login, the {@code auth_time} claim). It refuses revoked tokens when a
 * {@link WeChatTokenService} is set. When revocations cannot be checked (the store is down) the
 * request fails closed with the OAuth2 error {@code temporarily_unavailable} (answered
 * {@code 503}): a revoked token must never work.
 *
 * @author wechat-login developers
 */
public final class WeChatJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private @Nullable WeChatTokenService tokenService;

	private @Nullable WeChatRegistrationRepository registrations;

	/**
	 * Set the token service that tells revoked tokens. Defaults to none: revocations are not
	 * checked.
	 * @param tokenService the token service
	 */
	public void setTokenService(@Nullable WeChatTokenService tokenService) {
		this.tokenService = tokenService;
	}

	/**
	 * Set the registrations a token's registration must still be in, enabled and with the same
	 * app id: the tokens of a deleted or disabled registration are refused as soon as the
	 * repository (or its cache) no longer answers it. Defaults to none: not checked.
	 * @param registrations the registrations
	 */
	public void setRegistrationRepository(@Nullable WeChatRegistrationRepository registrations) {
		this.registrations = registrations;
	}

	@Override
	public WeChatBearerTokenAuthentication convert(Jwt jwt) {
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
		if (this.registrations != null && !isRegistered(this.registrations, user)) {
			throw new InvalidBearerTokenException("The registration of the token is unknown or disabled");
		}
		List<GrantedAuthority> authorities = WeChatAuthentication.withFactor(user, loggedInAt(jwt));
		authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
		return new WeChatBearerTokenAuthentication(jwt, user, authorities);
	}

	private static Instant loggedInAt(Jwt jwt) {
		Object authTime = jwt.getClaims().get(WeChatClaimNames.AUTH_TIME);
		if (authTime instanceof Instant instant) {
			return instant;
		}
		if (authTime instanceof Number seconds) {
			return Instant.ofEpochSecond(seconds.longValue());
		}
		// no login time: as if the login was long ago, so that no recent-login rule passes
		return (jwt.getIssuedAt() != null) ? jwt.getIssuedAt() : Instant.EPOCH;
	}

	private static boolean isRegistered(WeChatRegistrationRepository registrations, WeChatUser user) {
		WeChatRegistration registration;
		try {
			registration = registrations.findByRegistrationId(user.getRegistrationId());
		}
		catch (RuntimeException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
					"The WeChat registrations cannot be read", null), ex);
		}
		return registration != null && registration.isEnabled() && registration.getAppId().equals(user.getAppId());
	}

	private static boolean isRevoked(WeChatTokenService tokenService, Jwt jwt) {
		try {
			return tokenService.isRevoked(jwt);
		}
		catch (WeChatTokenStoreException ex) {
			throw revocationsUnavailable(ex);
		}
	}

	/**
	 * The failure of a bearer request whose revocations cannot be checked: fail closed, answered
	 * {@code 503}.
	 */
	static OAuth2AuthenticationException revocationsUnavailable(WeChatTokenStoreException ex) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
				"Token revocations cannot be checked", null), ex);
	}

}
