package io.github.wechatlogin.token;

/**
 * The claims of the access tokens issued for WeChat logins, besides the registered ones
 * ({@code sub} holds {@link io.github.wechatlogin.authentication.WeChatUser#getName()}).
 *
 * @author wechat-login developers
 */
public final class WeChatClaimNames {

	/**
	 * The openid.
	 */
	public static final String OPENID = "openid";

	/**
	 * The unionid.
	 */
	public static final String UNIONID = "unionid";

	/**
	 * The app id of the registration.
	 */
	public static final String APP_ID = "app_id";

	/**
	 * The registration id.
	 */
	public static final String REGISTRATION_ID = "registration_id";

	/**
	 * The multi-terminal user id.
	 */
	public static final String USER_ID = "user_id";

	/**
	 * The login type.
	 */
	public static final String LOGIN_TYPE = "login_type";

	/**
	 * The phone number.
	 */
	public static final String PHONE = "phone";

	/**
	 * The granted authorities, a list of strings.
	 */
	public static final String AUTHORITIES = "authorities";

	/**
	 * The id of the login session (refresh token family) the token was issued in; revoking the
	 * session revokes every access token issued in it.
	 */
	public static final String SESSION_ID = "sid";

	/**
	 * When the user logged in, the start of the login session ({@code auth_time} as in OpenID
	 * Connect): refreshing keeps it; the session ends at most {@code max-session-age} later.
	 */
	public static final String AUTH_TIME = "auth_time";

	private WeChatClaimNames() {
	}

}
