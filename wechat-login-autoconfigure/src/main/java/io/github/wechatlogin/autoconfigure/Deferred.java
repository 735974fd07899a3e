package io.github.wechatlogin.autoconfigure;

/**
 * A part whose costly creation (class loading, TLS set-up) is deferred from the start-up to its
 * first use, or to {@link WeChatLoginWarmUp} once the application is ready.
 *
 * @author wechat-login developers
 */
interface Deferred {

	/**
	 * Create the deferred part now, if not done yet.
	 */
	void prepare();

}
