package io.github.wechatlogin.authentication;

import java.io.Serial;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
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

	/**
	 * The authority of the WeChat login factor (a Spring Security {@link FactorGrantedAuthority}):
	 * the user proved who they are with a code from WeChat.
	 */
	public static final String FACTOR_AUTHORITY = "FACTOR_WECHAT";

	private final WeChatUser principal;

	/**
	 * Create an authenticated token for the user of a login that happened now: the user's
	 * authorities and the {@value #FACTOR_AUTHORITY} factor, issued now.
	 * @param principal the user
	 */
	public WeChatAuthentication(WeChatUser principal) {
		super(withFactor(principal, Instant.now()));
		this.principal = principal;
		super.setAuthenticated(true);
	}

	/**
	 * Return the user's authorities and the {@value #FACTOR_AUTHORITY} factor.
	 * @param user the user
	 * @param loggedInAt when the user logged in with WeChat
	 * @return the authorities
	 */
	public static List<GrantedAuthority> withFactor(WeChatUser user, Instant loggedInAt) {
		Assert.notNull(user, "principal cannot be null");
		List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities().size() + 2);
		authorities.addAll(user.getAuthorities());
		authorities.add(FactorGrantedAuthority.withAuthority(FACTOR_AUTHORITY).issuedAt(loggedInAt).build());
		return authorities;
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
