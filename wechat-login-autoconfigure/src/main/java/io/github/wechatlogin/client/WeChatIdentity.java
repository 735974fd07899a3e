package io.github.wechatlogin.client;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The identity WeChat answered with for a redeemed login code. Build with {@link #builder()}.
 * <p>
 * The {@link #getSessionKey() session key} is here for applications that decrypt WeChat data
 * with it; it is never part of a principal, a token or a response, and {@link #toString()} does
 * not show it. The {@code WeChatUser} of a login holds its identity
 * {@link #withoutSessionKey() without the session key}.
 * <p>
 * Two identities are equal when their openid, unionid, user id, login type and phone number
 * are; the session key and the attributes do not count.
 *
 * @author wechat-login developers
 */
public final class WeChatIdentity implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * The login type of classic mini program logins ({@code wx.login}).
	 */
	public static final String LOGIN_TYPE_MINI_PROGRAM = "miniProgram";

	private final @Nullable String openid;

	private final @Nullable String unionid;

	private final @Nullable String userId;

	private final String loginType;

	private final @Nullable String phone;

	private final @Nullable String sessionKey;

	private final Map<String, Object> attributes;

	private WeChatIdentity(Builder builder) {
		this.openid = builder.openid;
		this.unionid = builder.unionid;
		this.userId = builder.userId;
		this.loginType = builder.loginType;
		this.phone = builder.phone;
		this.sessionKey = builder.sessionKey;
		this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.attributes));
	}

	/**
	 * Return the openid of the user for the app that answered.
	 * @return the openid, or {@code null} for a login without WeChat (phone, Apple)
	 */
	public @Nullable String getOpenid() {
		return this.openid;
	}

	/**
	 * Return the unionid: the same for the user across the apps of one Open Platform account.
	 * @return the unionid, or {@code null} when the app is not bound to an Open Platform account
	 */
	public @Nullable String getUnionid() {
		return this.unionid;
	}

	/**
	 * Return the multi-terminal user id ({@code user_id}), stable across the login methods of a
	 * multi-terminal application.
	 * @return the user id, or {@code null} for classic mini program logins
	 */
	public @Nullable String getUserId() {
		return this.userId;
	}

	/**
	 * Return the login type: WeChat's {@code login_info.type} ({@code weixinApp},
	 * {@code weixinMiniProgram}, {@code phoneSms}, {@code apple}, {@code phoneOneClick}), or
	 * {@value #LOGIN_TYPE_MINI_PROGRAM} for classic mini program logins.
	 * @return the login type
	 */
	public String getLoginType() {
		return this.loginType;
	}

	/**
	 * Return the user's phone number when WeChat gave one.
	 * @return the phone number, or {@code null}
	 */
	public @Nullable String getPhone() {
		return this.phone;
	}

	/**
	 * Return the {@code session_key} of a classic mini program login. Never send it to a
	 * client, log it or store it in a principal.
	 * @return the session key, or {@code null}
	 */
	public @Nullable String getSessionKey() {
		return this.sessionKey;
	}

	/**
	 * Return the other attributes WeChat answered with (for example {@code openapp_info} or
	 * {@code apple_info} of a multi-terminal login).
	 * @return the attributes, never {@code null}
	 */
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	/**
	 * Return this identity without its session key: what a principal, a token or a stored
	 * session may hold.
	 * @return this identity if it has no session key, otherwise a copy without it
	 */
	public WeChatIdentity withoutSessionKey() {
		if (this.sessionKey == null) {
			return this;
		}
		return builder().from(this).sessionKey(null).build();
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof WeChatIdentity other)) {
			return false;
		}
		return Objects.equals(this.openid, other.openid) && Objects.equals(this.unionid, other.unionid)
				&& Objects.equals(this.userId, other.userId) && this.loginType.equals(other.loginType)
				&& Objects.equals(this.phone, other.phone);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.openid, this.unionid, this.userId, this.loginType);
	}

	@Override
	public String toString() {
		return "WeChatIdentity[openid=" + this.openid + ", unionid=" + this.unionid + ", userId=" + this.userId
				+ ", loginType=" + this.loginType + "]";
	}

	/**
	 * Start a builder.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link WeChatIdentity}.
	 */
	public static final class Builder {

		private @Nullable String openid;

		private @Nullable String unionid;

		private @Nullable String userId;

		private String loginType = LOGIN_TYPE_MINI_PROGRAM;

		private @Nullable String phone;

		private @Nullable String sessionKey;

		private final Map<String, Object> attributes = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Set every field from an identity, the session key included, replacing what was set.
		 * @param identity the identity
		 * @return this builder
		 */
		public Builder from(WeChatIdentity identity) {
			Assert.notNull(identity, "identity cannot be null");
			this.openid = identity.openid;
			this.unionid = identity.unionid;
			this.userId = identity.userId;
			this.loginType = identity.loginType;
			this.phone = identity.phone;
			this.sessionKey = identity.sessionKey;
			this.attributes.clear();
			this.attributes.putAll(identity.attributes);
			return this;
		}

		/**
		 * Set the openid.
		 * @param openid the openid
		 * @return this builder
		 */
		public Builder openid(@Nullable String openid) {
			this.openid = emptyToNull(openid);
			return this;
		}

		/**
		 * Set the unionid.
		 * @param unionid the unionid
		 * @return this builder
		 */
		public Builder unionid(@Nullable String unionid) {
			this.unionid = emptyToNull(unionid);
			return this;
		}

		/**
		 * Set the multi-terminal user id.
		 * @param userId the user id
		 * @return this builder
		 */
		public Builder userId(@Nullable String userId) {
			this.userId = emptyToNull(userId);
			return this;
		}

		/**
		 * Set the login type. Defaults to {@value WeChatIdentity#LOGIN_TYPE_MINI_PROGRAM}.
		 * @param loginType the login type
		 * @return this builder
		 */
		public Builder loginType(String loginType) {
			Assert.hasText(loginType, "loginType cannot be empty");
			this.loginType = loginType;
			return this;
		}

		/**
		 * Set the phone number.
		 * @param phone the phone number
		 * @return this builder
		 */
		public Builder phone(@Nullable String phone) {
			this.phone = emptyToNull(phone);
			return this;
		}

		/**
		 * Set the session key.
		 * @param sessionKey the session key
		 * @return this builder
		 */
		public Builder sessionKey(@Nullable String sessionKey) {
			this.sessionKey = emptyToNull(sessionKey);
			return this;
		}

		/**
		 * Add an attribute.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder attribute(String name, Object value) {
			Assert.hasText(name, "name cannot be empty");
			Assert.notNull(value, "value cannot be null");
			this.attributes.put(name, value);
			return this;
		}
		/**
		 * Add attributes.
		 * @param attributes the attributes
		 * @return this builder
		 */
		public Builder attributes(Map<String, Object> attributes) {
			Assert.notNull(attributes, "attributes cannot be null");
			attributes.forEach(this::attribute);
			return this;
		}

		/**
		 * Build the identity.
		 * @return the identity
		 * @throws IllegalArgumentException if neither an openid nor a user id is set
		 */
		public WeChatIdentity build() {
			Assert.isTrue(this.openid != null || this.userId != null, "An openid or a userId is required");
			return new WeChatIdentity(this);
		}

		private static @Nullable String emptyToNull(@Nullable String value) {
			return (value == null || value.isEmpty()) ? null : value;
		}

	}

}
