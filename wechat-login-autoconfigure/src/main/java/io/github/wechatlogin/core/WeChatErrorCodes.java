package io.github.wechatlogin.core;

import java.time.Duration;

/**
 * The {@code error} values a WeChat login answers with. Each maps to one HTTP status.
 *
 * @author wechat-login developers
 */
public final class WeChatErrorCodes {

	/**
	 * The request is malformed: no code, a code that cannot be one, ambiguous JSON, a
	 * redirect path that is not allowed. Answered with 400 before any call to WeChat.
	 */
	public static final String INVALID_REQUEST = "invalid_request";

	/**
	 * WeChat refused the code: unknown, expired or already used. Answered with 401; the client
	 * must obtain a new code.
	 */
	public static final String INVALID_CODE = "invalid_code";

	/**
	 * WeChat blocked the user as high risk (errcode 40226). Answered with 403.
	 */
	public static final String USER_BLOCKED = "user_blocked";

	/**
	 * WeChat rate-limited the user (errcode 45011). Answered with 429 and {@code Retry-After}.
	 */
	public static final String RATE_LIMITED = "rate_limited";

	/**
	 * WeChat could not be reached or answered with something other than a WeChat answer.
	 * Answered with 503 and {@code Retry-After}.
	 */
	public static final String UPSTREAM_UNAVAILABLE = "upstream_unavailable";

	/**
	 * WeChat refused this server's credentials or configuration (app id, secret, IP
	 * whitelist). Answered with 500; the details are logged, never sent to the client.
	 */
	public static final String SERVER_MISCONFIGURED = "server_misconfigured";

	/**
	 * A refresh token that is unknown, expired, revoked or already used. Answered with 401; the
	 * client must log in again.
	 */
	public static final String INVALID_GRANT = "invalid_grant";

	/**
	 * {@code 401}: the server keeps no {@code session_key} for the caller (a multi-terminal
	 * login, one that expired, or a logout), so data encrypted with it cannot be read; the
	 * client must log in again with {@code wx.login}.
	 */
	public static final String SESSION_KEY_MISSING = "session_key_missing";

	/**
	 * {@code 401}: the bearer token was refused (malformed, expired, revoked, not ours).
	 */
	public static final String INVALID_TOKEN = "invalid_token";

	/**
	 * {@code 401}: a protected endpoint was called without a bearer token.
	 */
	public static final String UNAUTHORIZED = "unauthorized";

	/**
	 * {@code 403}: the user lacks an authority the endpoint needs.
	 */
	public static final String ACCESS_DENIED = "access_denied";

	/**
	 * {@code 404}: the login endpoint names no registration, or a disabled one
	 * ({@code {login-path}/{registrationId}}); WeChat is not called.
	 */
	public static final String UNKNOWN_REGISTRATION = "unknown_registration";

	/**
	 * How long a client is told to wait ({@code Retry-After}) after a {@code 503}
	 * {@value #UPSTREAM_UNAVAILABLE} that knows no better: WeChat, Redis or the application's
	 * user store did not answer.
	 */
	public static final Duration UPSTREAM_UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

	private WeChatErrorCodes() {
	}

}
