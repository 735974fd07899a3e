package io.github.wechatlogin.test.security;

import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

/**
 * The description of a mock {@link WeChatUser} that the MockMvc post-processors of
 * {@link WeChatLoginRequestPostProcessors} and the {@code WebTestClient} mutators of
 * {@link WeChatLoginMockServerConfigurers} share, with the defaults of
 * {@link WithMockWeChatUser}: {@code o-test-openid} of app {@code wx-test-app}, registration
 * {@code default}, login type {@code weixinMiniProgram}, with {@code ROLE_USER}.
 *
 * @param <S> the type of the concrete description, returned by each method
 * @author wechat-login developers
 */
public abstract class AbstractWeChatUserSpec<S extends AbstractWeChatUserSpec<S>> {

	private final MockWeChatUser user = new MockWeChatUser();

	AbstractWeChatUserSpec() {
	}

	/**
	 * Set the openid. Defaults to {@code o-test-openid}.
	 * @param openid the openid, or {@code null} for none (then a user id is required)
	 * @return this description
	 */
	public S openid(@Nullable String openid) {
		this.user.openid(openid);
		return self();
	}

	/**
	 * Set the unionid. Defaults to none.
	 * @param unionid the unionid
	 * @return this description
	 */
	public S unionid(@Nullable String unionid) {
		this.user.unionid(unionid);
		return self();
	}

	/**
	 * Set the app id. Defaults to {@code wx-test-app}.
	 * @param appId the app id
	 * @return this description
	 */
	public S appId(String appId) {
		this.user.appId(appId);
		return self();
	}

	/**
	 * Set the registration id. Defaults to {@code default}.
	 * @param registrationId the registration id
	 * @return this description
	 */
	public S registrationId(String registrationId) {
		this.user.registrationId(registrationId);
		return self();
	}

	/**
	 * Set the multi-terminal user id. Defaults to none.
	 * @param userId the user id
	 * @return this description
	 */
	public S userId(@Nullable String userId) {
		this.user.userId(userId);
		return self();
	}

	/**
	 * Set the login type. Defaults to {@code weixinMiniProgram}.
	 * @param loginType the login type
	 * @return this description
	 */
	public S loginType(String loginType) {
		this.user.loginType(loginType);
		return self();
	}

	/**
	 * Set the phone number. Defaults to none. An access token carries it only when the
	 * application sets {@code wechat.login.token.phone-number-claim}, as a real one would.
	 * @param phone the phone number
	 * @return this description
	 */
	public S phone(@Nullable String phone) {
		this.user.phone(phone);
		return self();
	}

	/**
	 * Set the authorities. Defaults to {@code ROLE_USER}.
	 * @param authorities the authorities
	 * @return this description
	 */
	public S authorities(String... authorities) {
		this.user.authorities(authorities);
		return self();
	}

	/**
	 * Set the authorities to the given roles, each as {@code ROLE_<role>}.
	 * @param roles the roles, without the {@code ROLE_} prefix
	 * @return this description
	 */
	public S roles(String... roles) {
		this.user.roles(roles);
		return self();
	}

	/**
	 * Build the described user.
	 * @return the user
	 * @throws IllegalArgumentException if neither an openid nor a user id is set
	 */
	final WeChatUser user() {
		return this.user.build();
	}

	@SuppressWarnings("unchecked")
	private S self() {
		return (S) this;
	}

}
