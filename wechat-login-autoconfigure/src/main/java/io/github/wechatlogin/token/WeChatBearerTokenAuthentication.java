package io.github.wechatlogin.token;

import java.io.Serial;
import java.util.Collection;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.util.Assert;

/**
 * The {@code Authentication} of a request that came with the bearer token of a WeChat login:
 * the principal is the {@link WeChatUser}, as after the login itself, and the {@link #getToken()
 * token} is the validated {@link Jwt}, so that claims added by a
 * {@link WeChatTokenCustomizer} can be read ({@link #getTokenAttributes()}, or
 * {@code authentication.token.claims['...']} in SpEL).
 * <p>
 * Its authorities are the user's, plus two factors (Spring Security's
 * {@code FactorGrantedAuthority}): {@code FACTOR_BEARER}, issued now, and
 * {@value io.github.wechatlogin.authentication.WeChatAuthentication#FACTOR_AUTHORITY}, issued when
 * the user logged in with WeChat (the token's {@code auth_time}), so that
 * {@code RequiredFactor} rules can ask how long ago that was.
 *
 * @author wechat-login developers
 */
public final class WeChatBearerTokenAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new instance.
	 * @param token the validated access token
	 * @param user the user it was issued to
	 * @param authorities the authorities of the request
	 */
	public WeChatBearerTokenAuthentication(Jwt token, WeChatUser user,
			Collection<? extends GrantedAuthority> authorities) {
		super(token, user, token, authorities);
		Assert.notNull(user, "user cannot be null");
		setAuthenticated(true);
	}

	@Override
	public WeChatUser getPrincipal() {
		return (WeChatUser) super.getPrincipal();
	}

	@Override
	public Map<String, Object> getTokenAttributes() {
		return getToken().getClaims();
	}

	@Override
	public String getName() {
		return getPrincipal().getName();
	}

}
