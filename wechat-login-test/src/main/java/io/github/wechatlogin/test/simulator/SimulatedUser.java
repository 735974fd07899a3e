package io.github.wechatlogin.test.simulator;

import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A user on whose behalf the {@link WeChatApiSimulator} mints a login code.
 * <p>
 * The login types are those of {@code login_info.type} in the {@code code2verifyinfo}
 * answer: {@value #WEIXIN_MINI_PROGRAM}, {@value #WEIXIN_APP}, {@value #PHONE_SMS},
 * {@value #PHONE_ONE_CLICK} and {@value #APPLE}. Codes of type
 * {@value #WEIXIN_MINI_PROGRAM} can be redeemed at both {@code jscode2session} and
 * {@code code2verifyinfo}; codes of any other type only at {@code code2verifyinfo}.
 *
 * @param openid the openid of the user for the WeChat login types; the Apple user
 * identifier for {@value #APPLE}; empty for the phone login types
 * @param unionid the unionid, or {@code null} if the app is not bound to an Open Platform
 * account
 * @param loginType the login type, one of the constants of this class
 * @param userId the multi-terminal user id, or {@code null} to derive a stable one from the
 * openid (or the phone when there is no openid)
 * @param phone the bound phone number, or {@code null} if none; required for the phone
 * login types
 * @author wechat-login
 */
public record SimulatedUser(String openid, @Nullable String unionid, String loginType, @Nullable String userId,
		@Nullable String phone) {

	/**
	 * Login type of a mini program login ({@code wx.login} or
	 * {@code wx.weixinMiniProgramLogin}).
	 */
	public static final String WEIXIN_MINI_PROGRAM = "weixinMiniProgram";

	/**
	 * Login type of a login through the WeChat mobile app ({@code wx.weixinAppLogin}).
	 */
	public static final String WEIXIN_APP = "weixinApp";

	/**
	 * Login type of a phone number and SMS code login ({@code wx.phoneSmsLogin}).
	 */
	public static final String PHONE_SMS = "phoneSms";

	/**
	 * Login type of a one-click phone number login.
	 */
	public static final String PHONE_ONE_CLICK = "phoneOneClick";

	/**
	 * Login type of a Sign in with Apple login ({@code wx.appleLogin}).
	 */
	public static final String APPLE = "apple";

	private static final Set<String> LOGIN_TYPES = Set.of(WEIXIN_MINI_PROGRAM, WEIXIN_APP, PHONE_SMS,
			PHONE_ONE_CLICK, APPLE);

	/**
	 * Create a new {@link SimulatedUser}, validating the combination of values.
	 * @param openid the openid (empty for the phone login types)
	 * @param unionid the unionid or {@code null}
	 * @param loginType the login type
	 * @param userId the user id or {@code null}
	 * @param phone the phone or {@code null}
	 * @throws IllegalArgumentException if the login type is unknown, or the openid or phone
	 * it needs is missing
	 */
	public SimulatedUser {
		Objects.requireNonNull(openid, "'openid' must not be null");
		Objects.requireNonNull(loginType, "'loginType' must not be null");
		if (!LOGIN_TYPES.contains(loginType)) {
			throw new IllegalArgumentException("Unknown loginType '" + loginType + "', expected one of " + LOGIN_TYPES);
		}
		if (isPhoneLogin(loginType)) {
			if (phone == null || phone.isBlank()) {
				throw new IllegalArgumentException("A phone is required for loginType '" + loginType + "'");
			}
		}
		else if (openid.isBlank()) {
			throw new IllegalArgumentException("An openid is required for loginType '" + loginType + "'");
		}
	}

	/**
	 * Create a user logging in to a mini program.
	 * @param openid the openid
	 * @param unionid the unionid or {@code null}
	 * @return the user
	 */
	public static SimulatedUser miniProgram(String openid, @Nullable String unionid) {
		return new SimulatedUser(openid, unionid, WEIXIN_MINI_PROGRAM, null, null);
	}

	/**
	 * Create a user without a unionid logging in to a mini program.
	 * @param openid the openid
	 * @return the user
	 */
	public static SimulatedUser miniProgram(String openid) {
		return miniProgram(openid, null);
	}

	/**
	 * Create a user logging in through the WeChat mobile app.
	 * @param openid the openid (of the mobile app)
	 * @param unionid the unionid or {@code null}
	 * @return the user
	 */
	public static SimulatedUser weixinApp(String openid, @Nullable String unionid) {
		return new SimulatedUser(openid, unionid, WEIXIN_APP, null, null);
	}

	/**
	 * Create a user logging in with a phone number and an SMS code.
	 * @param phone the phone number
	 * @return the user
	 */
	public static SimulatedUser phoneSms(String phone) {
		return new SimulatedUser("", null, PHONE_SMS, null, phone);
	}

	/**
	 * Create a user logging in with one-click phone login.
	 * @param phone the phone number
	 * @return the user
	 */
	public static SimulatedUser phoneOneClick(String phone) {
		return new SimulatedUser("", null, PHONE_ONE_CLICK, null, phone);
	}

	/**
	 * Create a user logging in with Sign in with Apple.
	 * @param appleUserId the Apple user identifier
	 * @return the user
	 */
	public static SimulatedUser apple(String appleUserId) {
		return new SimulatedUser(appleUserId, null, APPLE, null, null);
	}

	/**
	 * Return a copy of this user with the given multi-terminal user id.
	 * @param userId the user id or {@code null} to derive one
	 * @return a new user
	 */
	public SimulatedUser withUserId(@Nullable String userId) {
		return new SimulatedUser(this.openid, this.unionid, this.loginType, userId, this.phone);
	}

	/**
	 * Return a copy of this user with the given bound phone number.
	 * @param phone the phone or {@code null}
	 * @return a new user
	 */
	public SimulatedUser withPhone(@Nullable String phone) {
		return new SimulatedUser(this.openid, this.unionid, this.loginType, this.userId, phone);
	}

	/**
	 * Return a copy of this user with the given unionid.
	 * @param unionid the unionid or {@code null}
	 * @return a new user
	 */
	public SimulatedUser withUnionid(@Nullable String unionid) {
		return new SimulatedUser(this.openid, unionid, this.loginType, this.userId, this.phone);
	}

	static boolean isPhoneLogin(String loginType) {
		return PHONE_SMS.equals(loginType) || PHONE_ONE_CLICK.equals(loginType);
	}

}
