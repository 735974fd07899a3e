package io.github.wechatlogin.session;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the current {@code session_key} of each classic mini program user, per registration and
 * openid. WeChat answers a new key at every login and the previous one stops working, so a save
 * replaces it. Implementations expire keys after a time to live, and must never hand a key to
 * anything but the caller: no logging, no {@code toString}.
 *
 * @author wechat-login developers
 * @see InMemoryWeChatSessionKeyStore
 * @see io.github.wechatlogin.redis.RedisWeChatSessionKeyStore
 */
public interface WeChatSessionKeyStore {

	/**
	 * Keep a user's new key, replacing the previous one.
	 * @param registrationId the registration the user logged in with
	 * @param openid the user's openid
	 * @param sessionKey the key, base64 as WeChat answered it
	 */
	void save(String registrationId, String openid, String sessionKey);

	/**
	 * Return a user's key.
	 * @param registrationId the registration
	 * @param openid the user's openid
	 * @return the key, or {@code null} if none is kept (never saved, expired, removed)
	 */
	@Nullable String find(String registrationId, String openid);

	/**
	 * Forget a user's key (at logout).
	 * @param registrationId the registration
	 * @param openid the user's openid
	 */
	void remove(String registrationId, String openid);

}
