package io.github.wechatlogin.core;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One WeChat application that users log in with: its type, app id and secret, and where its
 * clients may be sent after login. Immutable; build with {@link #withRegistrationId(String)}.
 * <p>
 * {@link #toString()} never shows the secret or the app key.
 *
 * @author wechat-login developers
 */
public final class WeChatRegistration {

	/**
	 * The id of the registration configured by the top-level {@code wechat.login.*} keys.
	 */
	public static final String DEFAULT_REGISTRATION_ID = "default";

	private static final Pattern REGISTRATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private final String registrationId;

	private final WeChatAppType type;

	private final String appId;

	private final String secret;

	private final @Nullable String redirectPath;

	private final List<String> allowedRedirectPaths;

	private final boolean enabled;

	private final String secretFingerprint;

	private final @Nullable String appKey;

	private WeChatRegistration(Builder builder) {
		this.registrationId = builder.registrationId;
		this.type = builder.type;
		this.appId = builder.appId;
		this.secret = builder.secret;
		this.redirectPath = builder.redirectPath;
		this.allowedRedirectPaths = List.copyOf(builder.allowedRedirectPaths);
		this.appKey = builder.appKey;
		this.enabled = builder.enabled;
		this.secretFingerprint = Hashes.sha256(this.appId + ":" + this.secret).substring(0, 12);
	}

	/**
	 * Return whether a text may be the id of a registration below the login path
	 * ({@code {login-path}/{registrationId}}): letters, digits, {@code -} and {@code _}, at most 64,
	 * starting with a letter or digit.
	 * @param registrationId the text
	 * @return whether it is a valid id
	 */
	public static boolean isValidRegistrationId(String registrationId) {
		return registrationId != null && REGISTRATION_ID.matcher(registrationId).matches();
	}

	/**
	 * Return the registration id, {@value #DEFAULT_REGISTRATION_ID} for the default one.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	/**
	 * Return the application type.
	 * @return the application type
	 */
	public WeChatAppType getType() {
		return this.type;
	}

	/**
	 * Return the WeChat app id: the multi-terminal application's for
	 * {@link WeChatAppType#MULTI_APP}, the mini program's for {@link WeChatAppType#MINI_PROGRAM}.
	 * @return the app id
	 */
	public String getAppId() {
		return this.appId;
	}

	/**
	 * Return the app secret. Never log it.
	 * @return the app secret
	 */
	public String getSecret() {
		return this.secret;
	}

	/**
	 * Return the redirect path answered when the client sends none.
	 * @return the default redirect path, or {@code null}
	 */
	public @Nullable String getRedirectPath() {
		return this.redirectPath;
	}

	/**
	 * Return the patterns a client-supplied redirect path must match (Ant-style, {@code *}
	 * within a segment and {@code **} across segments).
	 * @return the allowed redirect path patterns
	 */
	public List<String> getAllowedRedirectPaths() {
		return this.allowedRedirectPaths;
	}

	/**
	 * Return whether users may log in with this registration. A disabled registration is
	 * treated as if it did not exist: no login, no refresh, and its bearer tokens are refused.
	 * @return whether the registration is enabled
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Return a short one-way fingerprint of the app id and secret (72 bits of their SHA-256
	 * hash, Base64URL), which tells two secrets of an app apart without revealing them. Caches
	 * of WeChat access tokens are keyed by the app id and this fingerprint, so that a rotated
	 * secret fetches a new token on every instance.
	 * @return the fingerprint
	 */
	public String getSecretFingerprint() {
		return this.secretFingerprint;
	}

	/**
	 * Return the key of this registration's WeChat access token in caches:
	 * {@code {appId}:{secretFingerprint}}.
	 * @return the cache key
	 */
	public String getAccessTokenCacheKey() {
		return this.appId + ":" + this.secretFingerprint;
	}

	/**
	 * Return the app key of virtual payment (the mini program's {@code AppKey} of its payment
	 * environment), which signs {@code pay_sig}. Never log it.
	 * @return the app key, or {@code null} when none is configured
	 */
	public @Nullable String getAppKey() {
		return this.appKey;
	}

	@Override
	public String toString() {
		return "WeChatRegistration[registrationId=" + this.registrationId + ", type=" + this.type + ", appId="
				+ this.appId + ", enabled=" + this.enabled + ", secret=[PROTECTED]]";
	}

	/**
	 * Start a builder for a registration with the given id.
	 * @param registrationId the registration id
	 * @return a builder
	 */
	public static Builder withRegistrationId(String registrationId) {
		return new Builder(registrationId);
	}

	/**
	 * Builder for {@link WeChatRegistration}.
	 */
	public static final class Builder {

		private final String registrationId;

		private WeChatAppType type = WeChatAppType.MULTI_APP;

		private @Nullable String appId;

		private @Nullable String secret;

		private @Nullable String redirectPath;

		private List<String> allowedRedirectPaths = List.of("pages/**");

		private boolean enabled = true;

		private @Nullable String appKey;

		private Builder(String registrationId) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			this.registrationId = registrationId;
		}

		/**
		 * Set the application type. Defaults to {@link WeChatAppType#MULTI_APP}.
		 * @param type the type
		 * @return this builder
		 */
		public Builder type(WeChatAppType type) {
			Assert.notNull(type, "type cannot be null");
			this.type = type;
			return this;
		}

		/**
		 * Set the app id.
		 * @param appId the app id
		 * @return this builder
		 */
		public Builder appId(String appId) {
			this.appId = appId;
			return this;
		}

		/**
		 * Set the app secret.
		 * @param secret the app secret
		 * @return this builder
		 */
		public Builder secret(String secret) {
			this.secret = secret;
			return this;
		}

		/**
		 * Set the redirect path answered when the client sends none.
		 * @param redirectPath the redirect path, or {@code null}
		 * @return this builder
		 */
		public Builder redirectPath(@Nullable String redirectPath) {
			this.redirectPath = redirectPath;
			return this;
		}

		/**
		 * Set the patterns a client-supplied redirect path must match. Defaults to
		 * {@code pages/**}.
		 * @param allowedRedirectPaths the patterns; empty refuses every client redirect path
		 * @return this builder
		 */
		public Builder allowedRedirectPaths(List<String> allowedRedirectPaths) {
			Assert.notNull(allowedRedirectPaths, "allowedRedirectPaths cannot be null");
			Assert.noNullElements(allowedRedirectPaths, "allowedRedirectPaths cannot contain null");
			this.allowedRedirectPaths = allowedRedirectPaths;
			return this;
		}

		/**
		 * Set whether users may log in with this registration. Defaults to {@code true}.
		 * @param enabled whether the registration is enabled
		 * @return this builder
		 */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/**
		 * Set the app key of virtual payment, which signs {@code pay_sig}. Defaults to none.
		 * @param appKey the app key, or {@code null}
		 * @return this builder
		 */
		public Builder appKey(@Nullable String appKey) {
			this.appKey = (appKey != null && !appKey.isEmpty()) ? appKey : null;
			return this;
		}

		/**
		 * Build the registration.
		 * @return the registration
		 * @throws IllegalArgumentException if the app id or the secret is missing
		 */
		public WeChatRegistration build() {
			Assert.hasText(this.appId, () -> "appId of WeChat registration '" + this.registrationId + "' cannot be empty");
			Assert.hasText(this.secret,
					() -> "secret of WeChat registration '" + this.registrationId + "' cannot be empty");
			return new WeChatRegistration(this);
		}

	}

}
