package io.github.wechatlogin.core;

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

	private WeChatErrorCodes() {
	}

}
