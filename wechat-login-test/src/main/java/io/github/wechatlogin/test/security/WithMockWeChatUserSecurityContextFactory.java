package io.github.wechatlogin.test.security;

import io.github.wechatlogin.authentication.WeChatAuthentication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithSecurityContextFactory;
import org.springframework.util.Assert;

/**
 * Creates the security context of {@link WithMockWeChatUser}: a {@link WeChatAuthentication} of
 * the described user.
 *
 * @author wechat-login developers
 */
public final class WithMockWeChatUserSecurityContextFactory implements WithSecurityContextFactory<WithMockWeChatUser> {

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	@Override
	public SecurityContext createSecurityContext(WithMockWeChatUser annotation) {
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(new WeChatAuthentication(MockWeChatUser.from(annotation).build()));
		return context;
	}

	/**
	 * Set the strategy that creates the security context. Defaults to
	 * {@link SecurityContextHolder#getContextHolderStrategy()}; the application's own strategy
	 * bean, if any, is used instead.
	 * @param securityContextHolderStrategy the strategy
	 */
	@Autowired(required = false)
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

}
