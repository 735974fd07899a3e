package io.github.wechatlogin.authentication;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.github.wechatlogin.client.WeChatIdentity;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * The principal of a user logged in with WeChat: the same object whether the request carried a
 * fresh login or a bearer token, so that {@code @AuthenticationPrincipal WeChatUser} and
 * {@code @PreAuthorize("principal.openid == ...")} work alike.
 * <p>
 * {@link #getName()} is stable for a user: the multi-terminal {@code user_id} when there is one
 * (it stays the same across the login methods of a multi-terminal application), otherwise the
 * openid. It holds the {@link #getIdentity() identity} WeChat answered with, never the
 * {@code session_key}.
 * <p>
 * Two users are equal when their identity and authorities are; the
 * {@link #getAttributes() attributes} do not count, since only a fresh login carries them.
 *
 * @author wechat-login developers
 */
public final class WeChatUser implements AuthenticatedPrincipal, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String registrationId;

	private final String appId;

	private final WeChatIdentity identity;

	private final Set<GrantedAuthority> authorities;

	private WeChatUser(String registrationId, String appId, WeChatIdentity identity,
			Collection<? extends GrantedAuthority> authorities) {
		this.registrationId = registrationId;
		this.appId = appId;
		this.identity = identity;
		this.authorities = Collections.unmodifiableSet(new LinkedHashSet<>(authorities));
	}

	/**
	 * Return the stable name: the multi-terminal user id if there is one, otherwise the openid.
	 * @return the name
	 */
	@Override
	public String getName() {
		String userId = this.identity.getUserId();
		return (userId != null) ? userId : Objects.requireNonNull(this.identity.getOpenid());
	}

	/**
	 * Return the id of the registration the user logged in through.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	/**
	 * Return the app id of the registration the user logged in through.
	 * @return the app id
	 */
	public String getAppId() {
		return this.appId;
	}

	/**
	 * Return the openid.
	 * @return the openid, or {@code null} for a login without WeChat (phone, Apple)
	 */
	public @Nullable String getOpenid() {
		return this.identity.getOpenid();
	}

	/**
	 * Return the unionid.
	 * @return the unionid, or {@code null} when the app is not bound to an Open Platform account
	 */
	public @Nullable String getUnionid() {
		return this.identity.getUnionid();
	}

	/**
	 * Return the multi-terminal user id.
	 * @return the user id, or {@code null} for classic mini program logins
	 */
	public @Nullable String getUserId() {
		return this.identity.getUserId();
	}

	/**
	 * Return the login type ({@code miniProgram} for classic mini programs; WeChat's
	 * {@code login_info.type} for multi-terminal applications).
	 * @return the login type
	 */
	public String getLoginType() {
		return this.identity.getLoginType();
	}

	/**
	 * Return the phone number, when WeChat gave one.
	 * @return the phone number, or {@code null}
	 */
	public @Nullable String getPhone() {
		return this.identity.getPhone();
	}

	/**
	 * Return the authorities granted to the user.
	 * @return the authorities
	 */
	public Collection<GrantedAuthority> getAuthorities() {
		return this.authorities;
	}

	/**
	 * Return the other attributes WeChat answered at login. Empty on requests authenticated
	 * with a bearer token.
	 * @return the attributes
	 */
	public Map<String, Object> getAttributes() {
		return this.identity.getAttributes();
	}

	/**
	 * Return the identity WeChat answered with at login, without the session key.
	 * @return the identity
	 */
	public WeChatIdentity getIdentity() {
		return this.identity;
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof WeChatUser other)) {
			return false;
		}
		return this.registrationId.equals(other.registrationId) && this.appId.equals(other.appId)
				&& this.identity.equals(other.identity) && this.authorities.equals(other.authorities);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.registrationId, this.appId, this.identity);
	}

	@Override
	public String toString() {
		return "WeChatUser[name=" + getName() + ", registrationId=" + this.registrationId + ", appId=" + this.appId
				+ ", openid=" + getOpenid() + ", unionid=" + getUnionid() + ", loginType=" + getLoginType()
				+ ", authorities=" + this.authorities + "]";
	}

	/**
	 * Start a builder.
	 * @param registrationId the registration id
	 * @param appId the app id
	 * @return a builder
	 */
	public static Builder withRegistration(String registrationId, String appId) {
		return new Builder(registrationId, appId);
	}

	/**
	 * Builder for {@link WeChatUser}.
	 */
	public static final class Builder {

		private final String registrationId;

		private final String appId;

		private final WeChatIdentity.Builder identity = WeChatIdentity.builder();

		private Collection<? extends GrantedAuthority> authorities = Collections.emptySet();

		private Builder(String registrationId, String appId) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			Assert.hasText(appId, "appId cannot be empty");
			this.registrationId = registrationId;
			this.appId = appId;
		}

		/**
		 * Set the openid, unionid, user id, login type, phone number and attributes from an
		 * identity, replacing what was set (never its session key).
		 * @param identity the identity
		 * @return this builder
		 */
		public Builder identity(WeChatIdentity identity) {
			this.identity.from(identity).sessionKey(null);
			return this;
		}

		/**
		 * Set the openid, unionid, user id, login type, phone number or attributes, for example
		 * {@code identity((identity) -> identity.openid("o-1").unionid("u-1"))}. The login type
		 * defaults to {@value WeChatIdentity#LOGIN_TYPE_MINI_PROGRAM}; a session key is never
		 * kept.
		 * @param identity what to set on the identity's builder
		 * @return this builder
		 */
		public Builder identity(Consumer<WeChatIdentity.Builder> identity) {
			Assert.notNull(identity, "identity cannot be null");
			identity.accept(this.identity);
			return this;
		}

		/**
		 * Set the authorities.
		 * @param authorities the authorities
		 * @return this builder
		 */
		public Builder authorities(Collection<? extends GrantedAuthority> authorities) {
			Assert.notNull(authorities, "authorities cannot be null");
			Assert.noNullElements(authorities, "authorities cannot contain null");
			this.authorities = authorities;
			return this;
		}

		/**
		 * Build the user.
		 * @return the user
		 * @throws IllegalArgumentException if neither an openid nor a user id is set
		 */
		public WeChatUser build() {
			WeChatIdentity identity = this.identity.build().withoutSessionKey();
			return new WeChatUser(this.registrationId, this.appId, identity, this.authorities);
		}

	}

}
