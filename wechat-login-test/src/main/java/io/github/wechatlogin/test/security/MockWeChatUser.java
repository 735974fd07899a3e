package io.github.wechatlogin.test.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The attributes of a mock {@link WeChatUser}, shared by {@link WithMockWeChatUser} and the
 * request post-processors, with the same defaults.
 *
 * @author wechat-login developers
 */
final class MockWeChatUser {

	static final String DEFAULT_OPENID = "o-test-openid";

	static final String DEFAULT_APP_ID = "wx-test-app";

	static final String DEFAULT_REGISTRATION_ID = "default";

	static final String DEFAULT_LOGIN_TYPE = "weixinMiniProgram";

	static final String DEFAULT_AUTHORITY = "ROLE_USER";

	private @Nullable String openid = DEFAULT_OPENID;

	private @Nullable String unionid;

	private String appId = DEFAULT_APP_ID;

	private String registrationId = DEFAULT_REGISTRATION_ID;

	private @Nullable String userId;

	private String loginType = DEFAULT_LOGIN_TYPE;

	private @Nullable String phone;

	private List<String> authorities = List.of(DEFAULT_AUTHORITY);

	void openid(@Nullable String openid) {
		this.openid = emptyToNull(openid);
	}

	void unionid(@Nullable String unionid) {
		this.unionid = emptyToNull(unionid);
	}

	void appId(String appId) {
		Assert.hasText(appId, "appId cannot be empty");
		this.appId = appId;
	}

	void registrationId(String registrationId) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		this.registrationId = registrationId;
	}

	void userId(@Nullable String userId) {
		this.userId = emptyToNull(userId);
	}

	void loginType(String loginType) {
		Assert.hasText(loginType, "loginType cannot be empty");
		this.loginType = loginType;
	}

	void phone(@Nullable String phone) {
		this.phone = emptyToNull(phone);
	}

	void authorities(String... authorities) {
		Assert.notNull(authorities, "authorities cannot be null");
		Assert.noNullElements(authorities, "authorities cannot contain null");
		this.authorities = List.of(authorities);
	}

	void roles(String... roles) {
		Assert.notNull(roles, "roles cannot be null");
		List<String> authorities = new ArrayList<>();
		for (String role : roles) {
			Assert.hasText(role, "roles cannot contain an empty role");
			Assert.isTrue(!role.startsWith("ROLE_"),
					() -> "Role '" + role + "' should not start with ROLE_ since it is added automatically");
			authorities.add("ROLE_" + role);
		}
		this.authorities = List.copyOf(authorities);
	}

	/**
	 * Build the user.
	 * @return the user
	 * @throws IllegalArgumentException if neither an openid nor a user id is set
	 */
	WeChatUser build() {
		Assert.isTrue(this.openid != null || this.userId != null,
				"A mock WeChat user needs an openid or a userId; both are empty");
		return WeChatUser.withRegistration(this.registrationId, this.appId)
			.identity((identity) -> identity.openid(this.openid)
				.unionid(this.unionid)
				.userId(this.userId)
				.loginType(this.loginType)
				.phone(this.phone))
			.authorities(AuthorityUtils.createAuthorityList(this.authorities))
			.build();
	}

	/**
	 * Create the mock user an annotation describes.
	 * @param annotation the annotation
	 * @return the attributes
	 */
	static MockWeChatUser from(WithMockWeChatUser annotation) {
		MockWeChatUser user = new MockWeChatUser();
		user.openid(annotation.openid());
		user.unionid(annotation.unionid());
		user.appId(annotation.appId());
		user.registrationId(annotation.registrationId());
		user.userId(annotation.userId());
		user.loginType(annotation.loginType());
		user.phone(annotation.phone());
		boolean customAuthorities = !Arrays.equals(annotation.authorities(), new String[] { DEFAULT_AUTHORITY });
		if (annotation.roles().length > 0) {
			Assert.isTrue(!customAuthorities, "@WithMockWeChatUser cannot have both roles and authorities; "
					+ "use authorities = {\"ROLE_USER\", \"ROLE_ADMIN\"} or roles = {\"USER\", \"ADMIN\"}");
			user.roles(annotation.roles());
		}
		else {
			user.authorities(annotation.authorities());
		}
		return user;
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return StringUtils.hasLength(value) ? value : null;
	}

}
