package io.github.wechatlogin.config;

import io.github.wechatlogin.web.WeChatJwkSetEndpointFilter;
import io.github.wechatlogin.web.WeChatLoginRequestMatcher;
import io.github.wechatlogin.web.WeChatLogoutFilter;
import io.github.wechatlogin.web.WeChatPhoneNumberFilter;
import io.github.wechatlogin.web.WeChatTokenRefreshFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The paths of the WeChat login endpoints: login, refresh, logout, the JWK Set and the phone
 * number. The
 * auto-configuration publishes one built from {@code wechat.login.*}; the
 * {@link WeChatLoginConfigurer} takes its defaults from it, and a path set on the configurer
 * wins.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginPaths {

	private static final WeChatLoginPaths DEFAULTS = new WeChatLoginPaths(WeChatLoginRequestMatcher.DEFAULT_LOGIN_PATH,
			null, WeChatLogoutFilter.DEFAULT_LOGOUT_PATH, WeChatJwkSetEndpointFilter.DEFAULT_JWK_SET_PATH, null);

	private final String loginPath;

	private final @Nullable String refreshPath;

	private final String logoutPath;

	private final String jwkSetPath;

	private final @Nullable String phoneNumberPath;

	private WeChatLoginPaths(String loginPath, @Nullable String refreshPath, String logoutPath, String jwkSetPath,
			@Nullable String phoneNumberPath) {
		this.loginPath = loginPath;
		this.refreshPath = refreshPath;
		this.logoutPath = logoutPath;
		this.jwkSetPath = jwkSetPath;
		this.phoneNumberPath = phoneNumberPath;
	}

	/**
	 * Return the default paths: {@value WeChatLoginRequestMatcher#DEFAULT_LOGIN_PATH},
	 * {@code {loginPath}/refresh}, {@value WeChatLogoutFilter#DEFAULT_LOGOUT_PATH},
	 * {@value WeChatJwkSetEndpointFilter#DEFAULT_JWK_SET_PATH} and {@code {loginPath}/phone-number}.
	 * @return the default paths
	 */
	public static WeChatLoginPaths defaults() {
		return DEFAULTS;
	}

	/**
	 * Create paths.
	 * @param loginPath the login path of the default registration; other registrations log in
	 * at {@code {loginPath}/{registrationId}}
	 * @param refreshPath the refresh path, or {@code null} for {@code {loginPath}/refresh}
	 * @param logoutPath the logout path
	 * @param jwkSetPath the path of the JWK Set
	 * @return the paths
	 * @throws IllegalArgumentException if a path is not a plain path (see
	 * {@link #isPlainPath(String)})
	 */
	public static WeChatLoginPaths of(String loginPath, @Nullable String refreshPath, String logoutPath,
			String jwkSetPath) {
		assertPlainPath(loginPath, "loginPath");
		if (refreshPath != null) {
			assertPlainPath(refreshPath, "refreshPath");
		}
		assertPlainPath(logoutPath, "logoutPath");
		assertPlainPath(jwkSetPath, "jwkSetPath");
		return new WeChatLoginPaths(loginPath, refreshPath, logoutPath, jwkSetPath, null);
	}

	/**
	 * Create paths, the phone number endpoint's included.
	 * @param loginPath the login path of the default registration; other registrations log in
	 * at {@code {loginPath}/{registrationId}}
	 * @param refreshPath the refresh path, or {@code null} for {@code {loginPath}/refresh}
	 * @param logoutPath the logout path
	 * @param jwkSetPath the path of the JWK Set
	 * @param phoneNumberPath the path of the phone number endpoint, or {@code null} for
	 * {@code {loginPath}/phone-number}
	 * @return the paths
	 * @throws IllegalArgumentException if a path is not a plain path (see
	 * {@link #isPlainPath(String)})
	 */
	public static WeChatLoginPaths of(String loginPath, @Nullable String refreshPath, String logoutPath,
			String jwkSetPath, @Nullable String phoneNumberPath) {
		WeChatLoginPaths paths = of(loginPath, refreshPath, logoutPath, jwkSetPath);
		if (phoneNumberPath != null) {
			assertPlainPath(phoneNumberPath, "phoneNumberPath");
		}
		return new WeChatLoginPaths(paths.loginPath, paths.refreshPath, paths.logoutPath, paths.jwkSetPath,
				phoneNumberPath);
	}

	/**
	 * Tell whether a path can be an endpoint's path: it starts with {@code /}, does not end
	 * with one, and has no pattern, query, fragment, whitespace or control characters.
	 * @param path the path
	 * @return whether the path is plain
	 */
	public static boolean isPlainPath(@Nullable String path) {
		if (path == null || path.length() < 2 || path.charAt(0) != '/' || path.endsWith("/")
				|| path.contains("//")) {
			return false;
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c <= ' ' || c >= 0x7f || c == '*' || c == '{' || c == '}' || c == '?' || c == '#' || c == '\\'
					|| c == '%' || c == ';') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Refuse a path that is not plain (see {@link #isPlainPath(String)}).
	 * @param path the path
	 * @param name the name of the setting, for the message
	 * @throws IllegalArgumentException if the path is not plain
	 */
	public static void assertPlainPath(@Nullable String path, String name) {
		Assert.isTrue(isPlainPath(path), () -> name + " must be a plain path such as /login/wechat, but was '"
				+ path + "'");
	}

	/**
	 * Return the login path of the default registration.
	 * @return the login path
	 */
	public String getLoginPath() {
		return this.loginPath;
	}

	/**
	 * Return the refresh path, if set.
	 * @return the refresh path, or {@code null} for {@code {loginPath}/refresh}
	 */
	public @Nullable String getRefreshPath() {
		return this.refreshPath;
	}

	/**
	 * Return the refresh path of the given login path: the one set, or
	 * {@code {loginPath}/refresh}.
	 * @param loginPath the login path in use
	 * @return the refresh path
	 */
	public String refreshPathFor(String loginPath) {
		return (this.refreshPath != null) ? this.refreshPath : loginPath + WeChatTokenRefreshFilter.REFRESH_PATH;
	}

	/**
	 * Return the path of the phone number endpoint, if set.
	 * @return the path, or {@code null} for {@code {loginPath}/phone-number}
	 */
	public @Nullable String getPhoneNumberPath() {
		return this.phoneNumberPath;
	}

	/**
	 * Return the path of the phone number endpoint of the given login path: the one set, or
	 * {@code {loginPath}/phone-number}.
	 * @param loginPath the login path in use
	 * @return the path
	 */
	public String phoneNumberPathFor(String loginPath) {
		return (this.phoneNumberPath != null) ? this.phoneNumberPath
				: loginPath + WeChatPhoneNumberFilter.PHONE_NUMBER_PATH;
	}

	/**
	 * Return the logout path.
	 * @return the logout path
	 */
	public String getLogoutPath() {
		return this.logoutPath;
	}

	/**
	 * Return the path of the JWK Set.
	 * @return the path
	 */
	public String getJwkSetPath() {
		return this.jwkSetPath;
	}

	@Override
	public String toString() {
		return "WeChatLoginPaths[login=" + this.loginPath + ", refresh=" + refreshPathFor(this.loginPath)
				+ ", logout=" + this.logoutPath + ", jwkSet=" + this.jwkSetPath + ", phoneNumber="
				+ phoneNumberPathFor(this.loginPath) + "]";
	}

}
