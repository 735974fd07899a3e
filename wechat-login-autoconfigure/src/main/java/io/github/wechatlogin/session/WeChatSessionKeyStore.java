package io.github.wechatlogin.session;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the current {@code session_key} of each classic mini program user, per app id and
 * openid: WeChat's key belongs to the pair, so two registrations of one app id share it. WeChat
 * answers a new key at every login and the previous one stops working, so a save replaces it,
 * unless the store holds the key of a login that started later (two concurrent logins of one
 * user on two instances may save out of order). Implementations expire keys after a time to
 * live, and must never hand a key to anything but the caller: no logging, no {@code toString}.
 *
 * @author wechat-login developers
 * @see InMemoryWeChatSessionKeyStore
 * @see io.github.wechatlogin.redis.RedisWeChatSessionKeyStore
 */
public interface WeChatSessionKeyStore {

	/**
	 * Keep a user's new key, replacing the previous one unless that one is of a login that
	 * started later.
	 * @param appId the app id of the registration the user logged in with
	 * @param openid the user's openid
	 * @param sessionKey the key, base64 as WeChat answered it
	 * @param exchangeStartedAt when the login's {@code jscode2session} call started
	 * @return {@code true} if the key is kept, {@code false} if the store holds a later one
	 */
	boolean save(String appId, String openid, String sessionKey, Instant exchangeStartedAt);

	/**
	 * Return a user's key.
	 * @param appId the app id
	 * @param openid the user's openid
	 * @return the key, or {@code null} if none is kept (never saved, expired, removed)
	 */
	@Nullable String find(String appId, String openid);

	/**
	 * Forget a user's key (at logout).
	 * @param appId the app id
	 * @param openid the user's openid
	 */
	void remove(String appId, String openid);

	/**
	 * Forget a user's key only if it is still {@code expectedSessionKey}, atomically: a key saved
	 * by a login in the meantime stays.
	 * @param appId the app id
	 * @param openid the user's openid
	 * @param expectedSessionKey the key to forget
	 * @return whether it was forgotten
	 */
	boolean remove(String appId, String openid, String expectedSessionKey);

}
