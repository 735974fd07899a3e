package io.github.wechatlogin.test.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.test.simulator.CodeRegistry.Redemption;
import io.github.wechatlogin.test.simulator.TokenRegistry.IssuedToken;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated WeChat back end: apps, codes, access tokens and the logic of each
 * endpoint, independent of HTTP.
 *
 * @author wechat-login
 */
final class WeChatApi {

	private static final String AUTHORIZATION_CODE = "authorization_code";

	private static final String CLIENT_CREDENTIAL = "client_credential";

	private static final int RATE_LIMIT_PER_MINUTE = 100;

	private final Map<String, String> apps = new LinkedHashMap<>();

	private final CodeRegistry codes = new CodeRegistry();

	private final TokenRegistry tokens = new TokenRegistry();

	private final PhoneCodeRegistry phoneCodes = new PhoneCodeRegistry();

	/** The current session_key of each user, by appid and openid. */
	private final Map<String, String> sessionKeys = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final RateLimiter rateLimiter = new RateLimiter(RATE_LIMIT_PER_MINUTE, Duration.ofMinutes(1));

	private final Duration accessTokenTtl;

	private final Clock initialClock;

	private volatile Clock clock;

	WeChatApi(Duration accessTokenTtl, Clock clock) {
		this.accessTokenTtl = accessTokenTtl;
		this.initialClock = clock;
		this.clock = clock;
	}

	void registerApp(String appId, String secret) {
		Objects.requireNonNull(appId, "'appId' must not be null");
		Objects.requireNonNull(secret, "'secret' must not be null");
		if (appId.isEmpty() || secret.isEmpty()) {
			throw new IllegalArgumentException("'appId' and 'secret' must not be empty");
		}
		synchronized (this.apps) {
			this.apps.put(appId, secret);
		}
	}

	String issueCode(String appId, SimulatedUser user) {
		Objects.requireNonNull(appId, "'appId' must not be null");
		Objects.requireNonNull(user, "'user' must not be null");
		if (secretOf(appId) == null) {
			throw new IllegalArgumentException("Unknown app '" + appId + "', register it first");
		}
		return this.codes.issue(appId, user, now());
	}

	String issueCode(SimulatedUser user) {
		String appId = firstAppId();
		if (appId == null) {
			throw new IllegalStateException("No app registered");
		}
		return issueCode(appId, user);
	}

	void expireCode(String code) {
		Objects.requireNonNull(code, "'code' must not be null");
		this.codes.expire(code);
	}

	void invalidateAccessTokens(String appId) {
		Objects.requireNonNull(appId, "'appId' must not be null");
		this.tokens.revokeAll(appId);
	}

	void setClock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	void reset() {
		this.codes.clear();
		this.phoneCodes.clear();
		this.sessionKeys.clear();
		this.tokens.clear();
		this.rateLimiter.clear();
		this.clock = this.initialClock;
	}

	/**
	 * {@code GET /sns/jscode2session}.
	 * @param method the HTTP method
	 * @param query the query parameters
	 * @return the response
	 */
	SimulatorResponse jscode2session(String method, Map<String, String> query) {
		SimulatorResponse refused = refuseCredentialsGet(method, query, AUTHORIZATION_CODE);
		if (refused != null) {
			return refused;
		}
		String appId = query.get("appid");
		String code = query.get("js_code");
		if (isEmpty(code)) {
			return SimulatorResponse.weChatError(ErrorCodes.CODE_MISSING);
		}
		Instant now = now();
		Redemption redemption = this.codes.redeem(code, Objects.requireNonNull(appId), now,
				(user) -> SimulatedUser.WEIXIN_MINI_PROGRAM.equals(user.loginType()), this.rateLimiter);
		return switch (redemption.outcome()) {
			case UNKNOWN, EXPIRED -> SimulatorResponse.weChatError(ErrorCodes.INVALID_CODE);
			case USED -> SimulatorResponse.weChatError(ErrorCodes.CODE_BEEN_USED);
			case RATE_LIMITED -> SimulatorResponse.weChatError(ErrorCodes.MINUTE_QUOTA);
			case REDEEMED -> session(appId, redemption.requiredUser());
		};
	}

	/**
	 * {@code GET /donut/code2verifyinfo}.
	 * @param method the HTTP method
	 * @param query the query parameters
	 * @return the response
	 */
	SimulatorResponse code2verifyinfo(String method, Map<String, String> query) {
		if (!"GET".equals(method)) {
			return SimulatorResponse.weChatError(ErrorCodes.REQUIRE_GET);
		}
		Instant now = now();
		return withAccessToken(query, now, (token) -> code2verifyinfo(token, query, now));
	}

	private SimulatorResponse code2verifyinfo(IssuedToken token, Map<String, String> query, Instant now) {
		String appId = query.get("appid");
		String expectedSecret = isEmpty(appId) ? null : secretOf(appId);
		if (appId == null || expectedSecret == null) {
			return SimulatorResponse.weChatError(ErrorCodes.DONUT_APPID_WRONG);
		}
		if (!expectedSecret.equals(query.get("appsecret"))) {
			return SimulatorResponse.weChatError(ErrorCodes.DONUT_APPSECRET_WRONG);
		}
		if (!token.appId().equals(appId)) {
			return SimulatorResponse.weChatError(ErrorCodes.INVALID_CREDENTIAL);
		}
		if (!AUTHORIZATION_CODE.equals(query.get("grant_type"))) {
			return SimulatorResponse.weChatError(ErrorCodes.DONUT_GRANT_TYPE_WRONG);
		}
		String code = query.get("code");
		if (isEmpty(code)) {
			return SimulatorResponse.weChatError(ErrorCodes.DONUT_CODE_WRONG);
		}
		Redemption redemption = this.codes.redeem(code, appId, now, (user) -> true, null);
		return switch (redemption.outcome()) {
			case UNKNOWN, USED, RATE_LIMITED -> SimulatorResponse.weChatError(ErrorCodes.DONUT_CODE_WRONG);
			case EXPIRED -> SimulatorResponse.weChatError(ErrorCodes.DONUT_CODE_EXPIRED);
			case REDEEMED -> verifyInfo(appId, redemption.requiredUser(), now);
		};
	}

	/**
	 * Call an API that takes an access token in the query: an unknown or revoked token answers
	 * 40001, an expired one 42001, as WeChat does before it looks at anything else.
	 */
	private SimulatorResponse withAccessToken(Map<String, String> query, Instant now,
			Function<IssuedToken, SimulatorResponse> call) {
		String accessToken = query.get("access_token");
		IssuedToken token = isEmpty(accessToken) ? null : this.tokens.find(accessToken);
		if (token == null || token.isRevoked()) {
			return SimulatorResponse.weChatError(ErrorCodes.INVALID_CREDENTIAL);
		}
		if (token.isExpired(now)) {
			return SimulatorResponse.weChatError(ErrorCodes.ACCESS_TOKEN_EXPIRED);
		}
		return call.apply(token);
	}

	/**
	 * {@code GET /cgi-bin/token}.
	 * @param method the HTTP method
	 * @param query the query parameters
	 * @return the response
	 */
	SimulatorResponse token(String method, Map<String, String> query) {
		SimulatorResponse refused = refuseCredentialsGet(method, query, CLIENT_CREDENTIAL);
		if (refused != null) {
			return refused;
		}
		String appId = query.get("appid");
		Instant now = now();
		return accessToken(this.tokens.issueClassic(Objects.requireNonNull(appId), now, this.accessTokenTtl), now);
	}

	/**
	 * {@code POST /cgi-bin/stable_token}.
	 * @param method the HTTP method
	 * @param body the request body
	 * @return the response
	 */
	SimulatorResponse stableToken(String method, String body) {
		if (!"POST".equals(method)) {
			return SimulatorResponse.weChatError(ErrorCodes.REQUIRE_POST);
		}
		ObjectNode request = Json.parseObject(body);
		if (request == null) {
			return SimulatorResponse.weChatError(ErrorCodes.DATA_FORMAT_ERROR);
		}
		String appId;
		String secret;
		String grantType;
		try {
			appId = Json.string(request, "appid");
			secret = Json.string(request, "secret");
			grantType = Json.string(request, "grant_type");
		}
		catch (IllegalArgumentException ex) {
			return SimulatorResponse.weChatError(ErrorCodes.DATA_FORMAT_ERROR);
		}
		JsonNode forceRefresh = request.get("force_refresh");
		if (forceRefresh != null && !forceRefresh.isNull() && !forceRefresh.isBoolean()) {
			return SimulatorResponse.weChatError(ErrorCodes.DATA_FORMAT_ERROR);
		}
		Integer credentialError = checkCredentials(appId, secret);
		if (credentialError != null) {
			return SimulatorResponse.weChatError(credentialError);
		}
		if (!CLIENT_CREDENTIAL.equals(grantType)) {
			return SimulatorResponse.weChatError(ErrorCodes.INVALID_GRANT_TYPE);
		}
		boolean force = forceRefresh != null && forceRefresh.isBoolean() && forceRefresh.booleanValue();
		Instant now = now();
		return accessToken(this.tokens.stable(Objects.requireNonNull(appId), now, this.accessTokenTtl, force), now);
	}

	/**
	 * Answer a request of the simulator's own API, which takes a JSON object by {@code POST}.
	 */
	private static SimulatorResponse withJsonPost(String method, String body,
			Function<ObjectNode, SimulatorResponse> call) {
		if (!"POST".equals(method)) {
			return SimulatorResponse.simulatorError(405, "method not allowed, use POST");
		}
		ObjectNode request = Json.parseObject(body);
		if (request == null) {
			return SimulatorResponse.simulatorError(400, "the request body must be a JSON object");
		}
		return call.apply(request);
	}

	/**
	 * {@code POST /simulator/codes}.
	 * @param method the HTTP method
	 * @param body the request body
	 * @return the response
	 */
	SimulatorResponse issueCode(String method, String body) {
		return withJsonPost(method, body, this::issueCode);
	}

	private SimulatorResponse issueCode(ObjectNode request) {
		try {
			String appId = Json.string(request, "appid");
			if (appId == null) {
				appId = firstAppId();
				if (appId == null) {
					return SimulatorResponse.simulatorError(400, "no app registered");
				}
			}
			else if (secretOf(appId) == null) {
				return SimulatorResponse.simulatorError(400, "unknown appid '" + appId + "'");
			}
			String openid = Json.string(request, "openid");
			String loginType = Json.string(request, "loginType");
			SimulatedUser user = new SimulatedUser((openid != null) ? openid : "", Json.string(request, "unionid"),
					(loginType != null) ? loginType : SimulatedUser.WEIXIN_MINI_PROGRAM,
					Json.string(request, "userId"), Json.string(request, "phone"));
			String code = this.codes.issue(appId, user, now());
			return SimulatorResponse.simulator(200, Json.write(Json.object().put("code", code)));
		}
		catch (IllegalArgumentException ex) {
			return SimulatorResponse.simulatorError(400, String.valueOf(ex.getMessage()));
		}
	}

	String issuePhoneCode(@Nullable String appId, String openid, String phoneNumber, @Nullable String countryCode) {
		Objects.requireNonNull(openid, "'openid' must not be null");
		Objects.requireNonNull(phoneNumber, "'phoneNumber' must not be null");
		if (openid.isEmpty() || phoneNumber.isEmpty()) {
			throw new IllegalArgumentException("'openid' and 'phoneNumber' must not be empty");
		}
		String app = (appId != null) ? appId : firstAppId();
		if (app == null) {
			throw new IllegalStateException("No app registered");
		}
		if (secretOf(app) == null) {
			throw new IllegalArgumentException("Unknown app '" + app + "', register it first");
		}
		return this.phoneCodes.issue(app, openid, phoneNumber, (countryCode != null) ? countryCode : "86", now());
	}

	/**
	 * {@code POST /wxa/business/getuserphonenumber}: the access token in the query, the code and
	 * the optional openid in a JSON body. A code that is unknown, expired, used or of another
	 * user answers 40029 (a code of another user stays valid for its owner).
	 * @param method the HTTP method
	 * @param query the query parameters
	 * @param body the request body
	 * @return the response
	 */
	SimulatorResponse getUserPhoneNumber(String method, Map<String, String> query, String body) {
		if (!"POST".equals(method)) {
			return SimulatorResponse.weChatError(ErrorCodes.REQUIRE_POST);
		}
		Instant now = now();
		return withAccessToken(query, now, (token) -> getUserPhoneNumber(token, body, now));
	}

	private SimulatorResponse getUserPhoneNumber(IssuedToken token, String body, Instant now) {
		ObjectNode request = Json.parseObject(body);
		if (request == null) {
			return SimulatorResponse.weChatError(ErrorCodes.DATA_FORMAT_ERROR);
		}
		String code;
		String openid;
		try {
			code = Json.string(request, "code");
			openid = Json.string(request, "openid");
		}
		catch (IllegalArgumentException ex) {
			return SimulatorResponse.weChatError(ErrorCodes.DATA_FORMAT_ERROR);
		}
		if (isEmpty(code)) {
			return SimulatorResponse.weChatError(ErrorCodes.CODE_MISSING);
		}
		PhoneCodeRegistry.IssuedPhoneCode issued = this.phoneCodes.redeem(code, token.appId(),
				isEmpty(openid) ? null : openid, now);
		if (issued == null) {
			return SimulatorResponse.weChatError(ErrorCodes.INVALID_CODE);
		}
		ObjectNode answer = Json.object();
		answer.put("errcode", 0);
		answer.put("errmsg", "ok");
		ObjectNode info = answer.putObject("phone_info");
		boolean mainland = "86".equals(issued.countryCode());
		info.put("phoneNumber", mainland ? issued.phoneNumber() : "+" + issued.countryCode() + issued.phoneNumber());
		info.put("purePhoneNumber", issued.phoneNumber());
		info.put("countryCode", issued.countryCode());
		ObjectNode watermark = info.putObject("watermark");
		watermark.put("timestamp", now.getEpochSecond());
		watermark.put("appid", token.appId());
		return SimulatorResponse.weChat(Json.write(answer));
	}

	/**
	 * {@code POST /simulator/phone-codes} with {@code {"openid", "phoneNumber", "appid"?,
	 * "countryCode"?}}.
	 * @param method the HTTP method
	 * @param body the request body
	 * @return the response, {@code {"code": "..."}}
	 */
	SimulatorResponse issuePhoneCode(String method, String body) {
		return withJsonPost(method, body, this::issuePhoneCode);
	}

	private SimulatorResponse issuePhoneCode(ObjectNode request) {
		try {
			String openid = Json.string(request, "openid");
			String phoneNumber = Json.string(request, "phoneNumber");
			if (openid == null || phoneNumber == null) {
				return SimulatorResponse.simulatorError(400, "openid and phoneNumber are required");
			}
			String code = issuePhoneCode(Json.string(request, "appid"), openid, phoneNumber,
					Json.string(request, "countryCode"));
			return SimulatorResponse.simulator(200, Json.write(Json.object().put("code", code)));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return SimulatorResponse.simulatorError(400, String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * {@code GET /wxa/checksession}: the access token, {@code openid}, {@code signature} and
	 * {@code sig_method=hmac_sha256} in the query. A signature other than
	 * {@code hmac_sha256(current session_key, "")} of the user (an older key, no key) answers
	 * 87009.
	 * @param method the HTTP method
	 * @param query the query parameters
	 * @return the response
	 */
	SimulatorResponse checkSession(String method, Map<String, String> query) {
		if (!"GET".equals(method)) {
			return SimulatorResponse.weChatError(ErrorCodes.REQUIRE_GET);
		}
		return withAccessToken(query, now(), (token) -> checkSession(token, query));
	}

	private SimulatorResponse checkSession(IssuedToken token, Map<String, String> query) {
		String openid = query.get("openid");
		if (isEmpty(openid)) {
			return SimulatorResponse.weChatError(ErrorCodes.INVALID_OPENID);
		}
		if (!"hmac_sha256".equals(query.get("sig_method")) || isEmpty(query.get("signature"))) {
			return SimulatorResponse.weChatError(ErrorCodes.INVALID_SIGNATURE);
		}
		String sessionKey = this.sessionKeys.get(sessionKeyOf(token.appId(), openid));
		if (sessionKey == null || !MessageDigest.isEqual(hmacSha256(sessionKey, "").getBytes(StandardCharsets.UTF_8),
				query.get("signature").getBytes(StandardCharsets.UTF_8))) {
			return SimulatorResponse.weChatError(ErrorCodes.INVALID_SIGNATURE);
		}
		return SimulatorResponse.weChat(Json.write(Json.object().put("errcode", 0).put("errmsg", "ok")));
	}

	@Nullable String sessionKey(String appId, String openid) {
		Objects.requireNonNull(appId, "'appId' must not be null");
		Objects.requireNonNull(openid, "'openid' must not be null");
		return this.sessionKeys.get(sessionKeyOf(appId, openid));
	}

	WeChatApiSimulator.EncryptedData encryptForUser(String appId, String openid, String json) {
		Objects.requireNonNull(json, "'json' must not be null");
		String sessionKey = sessionKey(appId, openid);
		if (sessionKey == null) {
			throw new IllegalStateException("User '" + openid + "' of app '" + appId
					+ "' has no session_key; redeem a code of theirs at jscode2session first");
		}
		ObjectNode data = Json.parseObject(json);
		if (data == null) {
			throw new IllegalArgumentException("'json' must be a JSON object");
		}
		if (!data.has("watermark")) {
			ObjectNode watermark = data.putObject("watermark");
			watermark.put("timestamp", now().getEpochSecond());
			watermark.put("appid", appId);
		}
		byte[] iv = new byte[16];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "AES"),
					new IvParameterSpec(iv));
			byte[] encrypted = cipher.doFinal(Json.write(data).getBytes(StandardCharsets.UTF_8));
			return new WeChatApiSimulator.EncryptedData(Base64.getEncoder().encodeToString(encrypted),
					Base64.getEncoder().encodeToString(iv));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code POST /simulator/encrypted-data} with {@code {"openid", "data", "appid"?}}.
	 * @param method the HTTP method
	 * @param body the request body
	 * @return the response, {@code {"encryptedData", "iv"}}
	 */
	SimulatorResponse encryptForUser(String method, String body) {
		return withJsonPost(method, body, this::encryptForUser);
	}

	private SimulatorResponse encryptForUser(ObjectNode request) {
		try {
			String openid = Json.string(request, "openid");
			JsonNode data = request.get("data");
			if (openid == null || data == null || !data.isObject()) {
				return SimulatorResponse.simulatorError(400, "openid and data (a JSON object) are required");
			}
			String appId = Json.string(request, "appid");
			if (appId == null) {
				appId = firstAppId();
			}
			if (appId == null) {
				return SimulatorResponse.simulatorError(400, "no app registered");
			}
			WeChatApiSimulator.EncryptedData encrypted = encryptForUser(appId, openid, Json.write(data));
			return SimulatorResponse.simulator(200, Json.write(Json.object()
				.put("encryptedData", encrypted.encryptedData())
				.put("iv", encrypted.iv())));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return SimulatorResponse.simulatorError(400, String.valueOf(ex.getMessage()));
		}
	}

	private static String sessionKeyOf(String appId, String openid) {
		return appId + '\n' + openid;
	}

	private static String hmacSha256(String key, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Refuse a {@code GET} that carries {@code appid}, {@code secret} and {@code grant_type} the way
	 * WeChat does: another method, bad credentials, another grant type.
	 * @return the refusal, or {@code null} if the call may go on
	 */
	private @Nullable SimulatorResponse refuseCredentialsGet(String method, Map<String, String> query,
			String grantType) {
		if (!"GET".equals(method)) {
			return SimulatorResponse.weChatError(ErrorCodes.REQUIRE_GET);
		}
		Integer credentialError = checkCredentials(query.get("appid"), query.get("secret"));
		if (credentialError != null) {
			return SimulatorResponse.weChatError(credentialError);
		}
		if (!grantType.equals(query.get("grant_type"))) {
			return SimulatorResponse.weChatError(ErrorCodes.INVALID_GRANT_TYPE);
		}
		return null;
	}

	private @Nullable Integer checkCredentials(@Nullable String appId, @Nullable String secret) {
		if (isEmpty(appId)) {
			return ErrorCodes.APPID_MISSING;
		}
		String expectedSecret = secretOf(appId);
		if (expectedSecret == null) {
			return ErrorCodes.INVALID_APPID;
		}
		if (isEmpty(secret)) {
			return ErrorCodes.APPSECRET_MISSING;
		}
		if (!expectedSecret.equals(secret)) {
			return ErrorCodes.INVALID_APPSECRET;
		}
		return null;
	}

	private SimulatorResponse session(String appId, SimulatedUser user) {
		ObjectNode session = Json.object();
		String sessionKey = Randoms.base64(16);
		// a new login invalidates the user's previous key
		this.sessionKeys.put(sessionKeyOf(appId, user.openid()), sessionKey);
		session.put("openid", user.openid());
		session.put("session_key", sessionKey);
		if (user.unionid() != null) {
			session.put("unionid", user.unionid());
		}
		return SimulatorResponse.weChat(Json.write(session));
	}

	private SimulatorResponse verifyInfo(String appId, SimulatedUser user, Instant now) {
		ObjectNode answer = Json.object();
		answer.put("errcode", 0);
		answer.put("errmsg", "ok");
		ObjectNode loginInfo = answer.putObject("login_info");
		loginInfo.put("type", user.loginType());
		loginInfo.put("login_time", now.getEpochSecond());
		ObjectNode userInfo = answer.putObject("user_info");
		userInfo.put("user_id", userId(user));
		String unionid = (user.unionid() != null) ? user.unionid() : "";
		switch (user.loginType()) {
			case SimulatedUser.WEIXIN_MINI_PROGRAM -> {
				ObjectNode info = userInfo.putObject("miniprogram_info");
				info.put("appid", "wx-mp-" + appId);
				info.put("openid", user.openid());
				info.put("unionid", unionid);
			}
			case SimulatedUser.WEIXIN_APP -> {
				ObjectNode info = userInfo.putObject("openapp_info");
				info.put("appid", "wx-open-" + appId);
				info.put("openid", user.openid());
				info.put("unionid", unionid);
				info.put("headimgurl", "https://example.invalid/a.png");
				info.put("nickname", "Simulated User");
			}
			case SimulatedUser.APPLE -> {
				ObjectNode info = userInfo.putObject("apple_info");
				info.put("bundleid", "com.example.simulator");
				info.put("apple_user_id", user.openid());
				info.put("apple_email", hash(user.openid()).substring(0, 12) + "@privaterelay.appleid.com");
				info.put("is_apple_email_verified", true);
				info.put("is_apple_email_private", true);
			}
			default -> {
				// phone logins: phone_info only
			}
		}
		if (user.phone() != null) {
			userInfo.putObject("phone_info").put("phone", user.phone());
		}
		return SimulatorResponse.weChat(Json.write(answer));
	}

	private static String userId(SimulatedUser user) {
		if (user.userId() != null) {
			return user.userId();
		}
		String key = !user.openid().isEmpty() ? "openid:" + user.openid() : "phone:" + user.phone();
		return "uid_" + hash(key).substring(0, 24);
	}

	private static SimulatorResponse accessToken(IssuedToken token, Instant now) {
		ObjectNode answer = Json.object();
		answer.put("access_token", token.value());
		answer.put("expires_in", token.expiresIn(now));
		return SimulatorResponse.weChat(Json.write(answer));
	}

	private @Nullable String firstAppId() {
		synchronized (this.apps) {
			Iterator<String> appIds = this.apps.keySet().iterator();
			return appIds.hasNext() ? appIds.next() : null;
		}
	}

	private @Nullable String secretOf(String appId) {
		synchronized (this.apps) {
			return this.apps.get(appId);
		}
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static boolean isEmpty(@Nullable String value) {
		return value == null || value.isEmpty();
	}

	private static String hash(String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
