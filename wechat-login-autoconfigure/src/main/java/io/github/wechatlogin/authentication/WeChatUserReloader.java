package io.github.wechatlogin.authentication;

import org.springframework.security.core.AuthenticationException;

/**
 * Asks the application again about the user of a login session before its tokens are
 * refreshed: the user may be refused now (banned, deleted) or have other authorities.
 *
 * @author wechat-login developers
 * @see UserServiceWeChatUserReloader
 */
@FunctionalInterface
public interface WeChatUserReloader {

	/**
	 * Reload the user of a session.
	 * @param user the user as the session's last token has it
	 * @return the user now, with the same registration and name
	 * @throws AuthenticationException to refuse the user: the session ends; an
	 * {@code AuthenticationServiceException} says the answer is unknown for now (the refresh can
	 * be tried again)
	 */
	WeChatUser reload(WeChatUser user) throws AuthenticationException;

}
