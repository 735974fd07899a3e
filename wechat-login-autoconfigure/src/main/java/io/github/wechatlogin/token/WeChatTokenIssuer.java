package io.github.wechatlogin.token;

import io.github.wechatlogin.authentication.WeChatAuthentication;

/**
 * Issues the tokens a successful WeChat login answers with.
 *
 * @author wechat-login developers
 * @see JwtWeChatTokenIssuer
 */
@FunctionalInterface
public interface WeChatTokenIssuer {

	/**
	 * Issue tokens for the authenticated user.
	 * @param authentication the result of the login
	 * @return the tokens
	 */
	WeChatTokenResponse issue(WeChatAuthentication authentication);

}
