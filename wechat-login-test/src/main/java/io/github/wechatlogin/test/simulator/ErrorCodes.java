package io.github.wechatlogin.test.simulator;

import java.util.Map;

/**
 * The WeChat error codes the simulator answers with, and their messages.
 *
 * @author wechat-login
 */
final class ErrorCodes {

	static final int SYSTEM_ERROR = -1;

	static final int INVALID_CREDENTIAL = 40001;

	static final int INVALID_GRANT_TYPE = 40002;

	static final int INVALID_APPID = 40013;

	static final int INVALID_CODE = 40029;

	static final int INVALID_APPSECRET = 40125;

	static final int CODE_BEEN_USED = 40163;

	static final int APPID_MISSING = 41002;

	static final int APPSECRET_MISSING = 41004;

	static final int CODE_MISSING = 41008;

	static final int ACCESS_TOKEN_EXPIRED = 42001;

	static final int REQUIRE_GET = 43001;

	static final int REQUIRE_POST = 43002;

	static final int MINUTE_QUOTA = 45011;

	static final int DATA_FORMAT_ERROR = 47001;

	static final int INVALID_OPENID = 40003;

	static final int INVALID_SIGNATURE = 87009;

	static final int DONUT_CODE_EXPIRED = 10001000;

	static final int DONUT_CODE_WRONG = 10001001;

	static final int DONUT_APPID_WRONG = 10001002;

	static final int DONUT_APPSECRET_WRONG = 10001003;

	static final int DONUT_GRANT_TYPE_WRONG = 10001004;

	private static final Map<Integer, String> MESSAGES = Map.ofEntries(Map.entry(SYSTEM_ERROR, "system error"),
			Map.entry(INVALID_CREDENTIAL, "invalid credential, access_token is invalid or not latest"),
			Map.entry(INVALID_GRANT_TYPE, "invalid grant_type"), Map.entry(INVALID_APPID, "invalid appid"),
			Map.entry(INVALID_CODE, "invalid code"), Map.entry(INVALID_APPSECRET, "invalid appsecret"),
			Map.entry(CODE_BEEN_USED, "code been used"), Map.entry(APPID_MISSING, "appid missing"),
			Map.entry(APPSECRET_MISSING, "appsecret missing"), Map.entry(CODE_MISSING, "missing code"),
			Map.entry(ACCESS_TOKEN_EXPIRED, "access_token expired"), Map.entry(REQUIRE_GET, "require GET method"),
			Map.entry(REQUIRE_POST, "require POST method"),
			Map.entry(MINUTE_QUOTA, "api minute-quota reach limit, retry next minute"),
			Map.entry(DATA_FORMAT_ERROR, "data format error"), Map.entry(40164, "invalid ip, not in whitelist"),
			Map.entry(40226, "high risk user blocked"), Map.entry(45009, "reach max api daily quota limit"),
			Map.entry(DONUT_CODE_EXPIRED, "code expired"), Map.entry(DONUT_CODE_WRONG, "code is invalid"),
			Map.entry(DONUT_APPID_WRONG, "appid is invalid"),
			Map.entry(DONUT_APPSECRET_WRONG, "appsecret is invalid"),
			Map.entry(DONUT_GRANT_TYPE_WRONG, "grant_type is invalid"),
			Map.entry(10001005, "app is not connected to identity management"),
			Map.entry(INVALID_OPENID, "invalid openid"), Map.entry(INVALID_SIGNATURE, "invalid signature"));

	private ErrorCodes() {
	}

	/**
	 * Return the message WeChat sends with the given error code.
	 * @param errcode the error code
	 * @return the message, a generic one for codes the simulator does not know
	 */
	static String message(int errcode) {
		return MESSAGES.getOrDefault(errcode, "simulated error " + errcode);
	}

}
