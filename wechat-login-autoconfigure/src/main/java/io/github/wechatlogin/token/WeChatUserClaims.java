package io.github.wechatlogin.token;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Converts a {@link WeChatUser} to the claims of {@link WeChatClaimNames} and back: the form the
 * user takes in access tokens and in stored refresh tokens. Login-time attributes are not kept.
 *
 * @author wechat-login developers
 */
public final class WeChatUserClaims {

	private WeChatUserClaims() {
	}

	/**
	 * Return the claims of a user (without {@code sub}).
	 * @param user the user
	 * @return the claims, absent values left out
	 */
	public static Map<String, Object> toClaims(WeChatUser user) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(WeChatClaimNames.REGISTRATION_ID, user.getRegistrationId());
		claims.put(WeChatClaimNames.APP_ID, user.getAppId());
		claims.put(WeChatClaimNames.LOGIN_TYPE, user.getLoginType());
		claims.put(WeChatClaimNames.AUTHORITIES,
				user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		putIfPresent(claims, WeChatClaimNames.OPENID, user.getOpenid());
		putIfPresent(claims, WeChatClaimNames.UNIONID, user.getUnionid());
		putIfPresent(claims, WeChatClaimNames.USER_ID, user.getUserId());
		putIfPresent(claims, WeChatClaimNames.PHONE, user.getPhone());
		return claims;
	}

	/**
	 * Rebuild a user from claims.
	 * @param claims the claims
	 * @return the user, or {@code null} if the claims are not those of a WeChat user
	 */
	public static @Nullable WeChatUser fromClaims(Map<String, Object> claims) {
		String registrationId = string(claims, WeChatClaimNames.REGISTRATION_ID);
		String appId = string(claims, WeChatClaimNames.APP_ID);
		String loginType = string(claims, WeChatClaimNames.LOGIN_TYPE);
		String openid = string(claims, WeChatClaimNames.OPENID);
		String userId = string(claims, WeChatClaimNames.USER_ID);
		if (registrationId == null || appId == null || loginType == null || (openid == null && userId == null)) {
			return null;
		}
		return WeChatUser.withRegistration(registrationId, appId)
			.identity((identity) -> identity.openid(openid)
				.unionid(string(claims, WeChatClaimNames.UNIONID))
				.userId(userId)
				.loginType(loginType)
				.phone(string(claims, WeChatClaimNames.PHONE)))
			.authorities(authorities(claims.get(WeChatClaimNames.AUTHORITIES)))
			.build();
	}

	private static List<GrantedAuthority> authorities(@Nullable Object value) {
		if (!(value instanceof Collection<?> authorities)) {
			return List.of();
		}
		return authorities.stream().map(String::valueOf).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
	}

	private static @Nullable String string(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		return (value instanceof String text && !text.isEmpty()) ? text : null;
	}

	private static void putIfPresent(Map<String, Object> claims, String name, @Nullable String value) {
		if (value != null) {
			claims.put(name, value);
		}
	}

}
