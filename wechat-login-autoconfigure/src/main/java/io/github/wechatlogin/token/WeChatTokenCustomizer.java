package io.github.wechatlogin.token;

import io.github.wechatlogin.authentication.WeChatUser;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;

/**
 * Adds claims to the access tokens issued for WeChat logins, at login and at every refresh.
 * Declare a bean of this type; the claims of {@link WeChatClaimNames} and the registered claims
 * are set before it runs and must be left alone.
 *
 * @author wechat-login developers
 */
@FunctionalInterface
public interface WeChatTokenCustomizer {

	/**
	 * Customize the claims.
	 * @param claims the claims being built
	 * @param user the user the token is for
	 */
	void customize(JwtClaimsSet.Builder claims, WeChatUser user);

}
