package io.github.wechatlogin.token;

import java.util.Collection;
import java.util.List;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a decoded access token issued by {@link JwtWeChatTokenIssuer} back into a
 * {@link WeChatAuthentication} whose principal is the same {@link WeChatUser} (without the
 * login-time attributes) with the same authorities, refusing revoked tokens when a
 * {@link WeChatTokenService} is set.
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
		if (this.tokenService != null && this.tokenService.isRevoked(jwt)) {
			throw new InvalidBearerTokenException("The token was revoked");
		}
		String registrationId = jwt.getClaimAsString(WeChatClaimNames.REGISTRATION_ID);
		String appId = jwt.getClaimAsString(WeChatClaimNames.APP_ID);
		String loginType = jwt.getClaimAsString(WeChatClaimNames.LOGIN_TYPE);
		String openid = jwt.getClaimAsString(WeChatClaimNames.OPENID);
		String userId = jwt.getClaimAsString(WeChatClaimNames.USER_ID);
		if (isEmpty(registrationId) || isEmpty(appId) || isEmpty(loginType) || (isEmpty(openid) && isEmpty(userId))) {
			throw new InvalidBearerTokenException("The token is not a WeChat login token");
		}
		WeChatUser user = WeChatUser.withRegistration(registrationId, appId)
			.openid(openid)
			.unionid(jwt.getClaimAsString(WeChatClaimNames.UNIONID))
			.userId(userId)
			.loginType(loginType)
			.phone(jwt.getClaimAsString(WeChatClaimNames.PHONE))
			.authorities(authorities(jwt))
			.build();
		if (!user.getName().equals(jwt.getSubject())) {
			throw new InvalidBearerTokenException("The token is not a WeChat login token");
		}
		return new WeChatAuthentication(user);
	}

	private static Collection<GrantedAuthority> authorities(Jwt jwt) {
		List<String> authorities = jwt.getClaimAsStringList(WeChatClaimNames.AUTHORITIES);
		if (authorities == null) {
			return List.of();
		}
		return authorities.stream().<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
	}

	private static boolean isEmpty(@Nullable String value) {
		return value == null || value.isEmpty();
	}

}
