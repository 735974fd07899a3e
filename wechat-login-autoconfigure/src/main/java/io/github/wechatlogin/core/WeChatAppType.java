package io.github.wechatlogin.core;

/**
 * The kind of WeChat application a registration belongs to, which decides the WeChat API that
 * redeems its login codes.
 *
 * @author wechat-login developers
 */
public enum WeChatAppType {

	/**
	 * A multi-terminal application (多端应用). Codes from {@code wx.weixinMiniProgramLogin},
	 * {@code wx.weixinAppLogin}, phone and Apple login are redeemed with
	 * {@code donut/code2verifyinfo}, which needs an access token.
	 */
	MULTI_APP,

	/**
	 * A classic mini program. Codes from {@code wx.login} are redeemed with
	 * {@code sns/jscode2session}.
	 */
	MINI_PROGRAM

}
