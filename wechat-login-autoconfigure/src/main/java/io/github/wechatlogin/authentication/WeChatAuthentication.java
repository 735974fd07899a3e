package io.github.wechatlogin.authentication;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.util.Assert;

/**
 * An authenticated WeChat user: the result of a login and of every request that carries a token
 * issued for one. The principal is a {@link WeChatUser}.
 *
 * @author wechat-login developers
 */
public final class WeChatAuthentication extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final WeChatUser principal;

	/**
	 * Create an authenticated token for the user, with the user's authorities.
	 * @param principal the user
	 */
	public WeChatAuthentication(WeChatUser principal) {
		super(principal.getAuthorities());
		Assert.notNull(principal, "principal cannot be null");
		this.principal = principal;
		super.setAuthenticated(true);
	}

	@Override
	public WeChatUser getPrincipal() {
		return this.principal;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public String getName() {
		return this.principal.getName();
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		Assert.isTrue(!authenticated, "Cannot mark this token as trusted; use the constructor instead");
		super.setAuthenticated(false);
	}

}
