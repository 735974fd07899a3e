package io.github.wechatlogin.authentication;

import java.util.Collection;
import java.util.List;


import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.Assert;

/**
 * The default {@link WeChatUserService}: every user gets the same authorities, {@code ROLE_USER}
 * unless set otherwise, and carries the identity WeChat answered with (without the
 * {@code session_key}).
 *
 * @author wechat-login developers
 */
public final class DefaultWeChatUserService implements WeChatUserService {

	private Collection<? extends GrantedAuthority> authorities = AuthorityUtils.createAuthorityList("ROLE_USER");

	/**
	 * Set the authorities every user gets. Defaults to {@code ROLE_USER}.
	 * @param authorities the authorities
	 */
	public void setAuthorities(Collection<? extends GrantedAuthority> authorities) {
		Assert.notNull(authorities, "authorities cannot be null");
		this.authorities = List.copyOf(authorities);
	}

	@Override
	public WeChatUser loadUser(WeChatUserRequest request) {
		return createUser(request, this.authorities);
	}

	/**
	 * Create the principal for a WeChat identity with the given authorities: a helper for
	 * custom {@link WeChatUserService}s.
	 * @param request the user request
	 * @param authorities the authorities
	 * @return the user
	 */
	public static WeChatUser createUser(WeChatUserRequest request, Collection<? extends GrantedAuthority> authorities) {
		return WeChatUser.withRegistration(request.registration().getRegistrationId(), request.registration().getAppId())
			.identity(request.identity())
			.authorities(authorities)
			.build();
	}

}
