package io.github.wechatlogin.client;

import java.time.Duration;

import io.github.wechatlogin.client.WeChatApiException.CodeOutcome;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Maps WeChat {@code errcode}s and transport failures to {@link WeChatApiException}s, logging
 * what the operator needs and never a secret.
 *
 * @author wechat-login developers
 */
final class WeChatApiErrors {

	/**
	 * How long a client should wait after WeChat was unavailable.
	 */
	static final Duration UPSTREAM_RETRY_AFTER = WeChatErrorCodes.UPSTREAM_UNAVAILABLE_RETRY_AFTER;

	/**
	 * How long a client should wait after WeChat's per-user rate limit (100 a minute).
	 */
	static final Duration RATE_LIMIT_RETRY_AFTER = Duration.ofSeconds(60);

	private static final Log logger = LogFactory.getLog(WeChatApiErrors.class);

	private static final int MAX_ERRMSG_LENGTH = 200;

	private WeChatApiErrors() {
	}

	/**
	 * Whether the errcode says that the access token was invalid or expired, so that a fresh
	 * token and one more try may succeed.
	 */
	static boolean isAccessTokenRejected(int errcode) {
		return errcode == 40001 || errcode == 42001;
	}

	/**
	 * Map an errcode of a code exchange ({@code sns/jscode2session},
	 * {@code donut/code2verifyinfo}).
	 */
	static WeChatApiException exchangeFailed(String api, WeChatRegistration registration, int errcode,
			@Nullable String errmsg) {
		return switch (errcode) {
			// a code WeChat never issued (or an expired one; 10001001 also stands for a used one)
			case 40029, 10001000, 10001001 -> invalidCode(api, errcode, CodeOutcome.INVALID);
			case 40163 -> invalidCode(api, errcode, CodeOutcome.POSSIBLY_REDEEMED);
			case 40226 -> new WeChatApiException(
					new WeChatError(WeChatErrorCodes.USER_BLOCKED, "WeChat blocked this login as high risk"), errcode,
					null, CodeOutcome.POSSIBLY_REDEEMED, "WeChat " + api + " blocked the user (errcode " + errcode + ")");
			case 45011 -> rateLimited(api, "Too many logins for this user; try again later",
					CodeOutcome.POSSIBLY_REDEEMED, "the user");
			case 40001, 42001 -> accessTokenRefused(api, registration, errcode);
			default -> generic(api, registration, errcode, errmsg);
		};
	}

	/**
	 * Map an errcode of {@code wxa/business/getuserphonenumber}: 40029 (a code WeChat never
	 * issued, an expired or a used one) and 40003 (a code of another user) are an invalid code,
	 * 40163 a used one.
	 */
	static WeChatApiException phoneNumberFailed(String api, WeChatRegistration registration, int errcode,
			@Nullable String errmsg) {
		return switch (errcode) {
			case 40029, 40003 -> invalidPhoneNumberCode(api, errcode, CodeOutcome.INVALID);
			case 40163 -> invalidPhoneNumberCode(api, errcode, CodeOutcome.POSSIBLY_REDEEMED);
			case 45011 -> rateLimited(api, "Too many phone number requests for this user; try again later",
					CodeOutcome.NOT_REDEEMED, "the call");
			case 40001, 42001 -> accessTokenRefused(api, registration, errcode);
			default -> generic(api, registration, errcode, errmsg);
		};
	}

	/**
	 * Map an errcode of {@code wxa/checksession} other than 87009 (a key no longer valid, which
	 * is an answer): 40001/42001 after the retry with a fresh token, 45011 and the rest as for
	 * every API.
	 */
	static WeChatApiException sessionCheckFailed(String api, WeChatRegistration registration, int errcode,
			@Nullable String errmsg) {
		return switch (errcode) {
			case 45011 -> rateLimited(api, "Too many session checks; try again later", CodeOutcome.NOT_REDEEMED,
					"the call");
			case 40001, 42001 -> accessTokenRefused(api, registration, errcode);
			default -> generic(api, registration, errcode, errmsg);
		};
	}

	/**
	 * A freshly fetched access token refused again (40001/42001 after the one retry with a new
	 * token): another process is probably fetching tokens for the same app.
	 */
	private static WeChatApiException accessTokenRefused(String api, WeChatRegistration registration, int errcode) {
		logger.warn("WeChat " + api + " refused a freshly fetched access token of app " + registration.getAppId()
				+ " (errcode " + errcode + "); another process may be fetching tokens for the same app");
		return unavailable(api, errcode, "refused the access token (errcode " + errcode + ")");
	}

	/**
	 * Errcode 45011: WeChat limits the calls of this user or app for a while.
	 */
	private static WeChatApiException rateLimited(String api, String description, CodeOutcome codeOutcome,
			String whom) {
		return new WeChatApiException(new WeChatError(WeChatErrorCodes.RATE_LIMITED, description), 45011,
				RATE_LIMIT_RETRY_AFTER, codeOutcome, "WeChat " + api + " rate-limited " + whom + " (errcode 45011)");
	}

	static WeChatApiException invalidPhoneNumberCode(String api, int errcode, CodeOutcome codeOutcome) {
		return new WeChatApiException(
				new WeChatError(WeChatErrorCodes.INVALID_CODE,
						"The phone number code is invalid, expired, already used or not the user's; ask again"),
				errcode, null, codeOutcome,
				"WeChat " + api + " refused the phone number code (errcode " + errcode + ")");
	}

	/**
	 * Map an errcode of an access-token endpoint ({@code cgi-bin/token},
	 * {@code cgi-bin/stable_token}), where 40001 means a wrong secret.
	 */
	static WeChatApiException tokenFailed(String api, WeChatRegistration registration, int errcode,
			@Nullable String errmsg) {
		if (errcode == 40001) {
			return misconfigured(api, registration, errcode, errmsg);
		}
		return generic(api, registration, errcode, errmsg);
	}

	private static WeChatApiException generic(String api, WeChatRegistration registration, int errcode,
			@Nullable String errmsg) {
		return switch (errcode) {
			case -1 -> unavailable(api, errcode, "answered system busy (errcode -1)");
			case 45009 -> {
				logger.error("WeChat " + api + " daily quota of app " + registration.getAppId()
						+ " is exhausted (errcode 45009)");
				yield unavailable(api, errcode, "quota exhausted (errcode 45009)");
			}
			case 40002, 40013, 40125, 40164, 40243, 41002, 41004, 43001, 43002, 47001, 10001002, 10001003, 10001004,
					10001005 ->
				misconfigured(api, registration, errcode, errmsg);
			default -> {
				logger.warn("WeChat " + api + " answered an unexpected errcode " + errcode + " for app "
						+ registration.getAppId() + ": " + sanitize(errmsg, registration));
				yield unavailable(api, errcode, "answered an unexpected errcode " + errcode);
			}
		};
	}

	static WeChatApiException invalidCode(String api, int errcode, CodeOutcome codeOutcome) {
		return new WeChatApiException(
				new WeChatError(WeChatErrorCodes.INVALID_CODE,
						"The login code is invalid, expired or already used; obtain a new code"),
				errcode, null, codeOutcome, "WeChat " + api + " refused the login code (errcode " + errcode + ")");
	}

	static WeChatApiException misconfigured(String api, WeChatRegistration registration, int errcode,
			@Nullable String errmsg) {
		logger.error("WeChat " + api + " refused the configuration of registration '"
				+ registration.getRegistrationId() + "' (app id " + registration.getAppId() + "): errcode " + errcode
				+ " " + sanitize(errmsg, registration) + ". " + hint(errcode));
		return new WeChatApiException(
				new WeChatError(WeChatErrorCodes.SERVER_MISCONFIGURED, "The server's WeChat configuration is invalid"),
				errcode, null, CodeOutcome.NOT_REDEEMED,
				"WeChat " + api + " refused the server configuration (errcode " + errcode + ")");
	}

	/**
	 * A failure before the request was sent, or an answer that refused it without redeeming a
	 * code.
	 */
	static WeChatApiException unavailable(String api, @Nullable Integer errcode, String reason) {
		return new WeChatApiException(
				new WeChatError(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, "WeChat is unavailable; try again later"),
				errcode, UPSTREAM_RETRY_AFTER, CodeOutcome.NOT_REDEEMED, "WeChat " + api + " " + reason);
	}

	/**
	 * A failure to get what a call needs (an access token) before the call was sent: whatever
	 * became of the token fetch, the call's code was not redeemed.
	 */
	static WeChatApiException beforeSending(WeChatApiException ex) {
		return ex.withCodeOutcome(CodeOutcome.NOT_REDEEMED);
	}

	/**
	 * A failure of an access-token provider, whatever it threw: {@link #beforeSending} for a
	 * {@link WeChatApiException}, else WeChat unavailable (the call that needed the token was not
	 * sent, so its code was not redeemed). The message names the type, never the token.
	 */
	static WeChatApiException accessTokenFailed(Throwable ex) {
		return (ex instanceof WeChatApiException apiException) ? beforeSending(apiException)
				: unavailable("access token", null, "fetch failed (" + ex.getClass().getSimpleName() + ")");
	}

	/**
	 * A failure once the request may have reached WeChat, with no answer of WeChat's to say what
	 * became of a code it carried (a timeout, a reset connection, an HTTP error status, a body
	 * that is not an answer).
	 */
	static WeChatApiException failedAfterSending(String api, String reason) {
		return new WeChatApiException(
				new WeChatError(WeChatErrorCodes.UPSTREAM_UNAVAILABLE, "WeChat is unavailable; try again later"),
				null, UPSTREAM_RETRY_AFTER, CodeOutcome.POSSIBLY_REDEEMED, "WeChat " + api + " " + reason);
	}

	private static String hint(int errcode) {
		return switch (errcode) {
			case 40013, 10001002 -> "Check wechat.login.app-id.";
			case 40125, 40001, 10001003 -> "Check wechat.login.secret.";
			case 40164 -> "Add this server's outbound IP to the app's IP whitelist.";
			case 10001005 -> "Connect the multi-terminal application to identity management.";
			case 40243 -> "The app secret is frozen; reset it on the WeChat platform.";
			default -> "Check wechat.login.type and wechat.login.api-base-url.";
		};
	}

	private static String sanitize(@Nullable String errmsg, WeChatRegistration registration) {
		if (errmsg == null) {
			return "";
		}
		String safe = errmsg.replace(registration.getSecret(), "[PROTECTED]");
		safe = safe.replaceAll("\\p{Cntrl}", " ");
		return (safe.length() > MAX_ERRMSG_LENGTH) ? safe.substring(0, MAX_ERRMSG_LENGTH) + "..." : safe;
	}

}
