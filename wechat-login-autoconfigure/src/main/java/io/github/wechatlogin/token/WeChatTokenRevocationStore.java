package io.github.wechatlogin.token;

import java.time.Instant;

/**
 * Remembers revoked token ids (an access token's {@code jti}, a login session's refresh family)
 * until the tokens would have expired anyway.
 *
 * @author wechat-login developers
 * @see InMemoryWeChatTokenRevocationStore
 */
public interface WeChatTokenRevocationStore {

	/**
	 * Revoke an id until the given instant.
	 * @param id the id
	 * @param until when the revoked tokens expire anyway; the entry may be forgotten then
	 * @throws WeChatTokenStoreException if the revocation cannot be recorded
	 */
	void revoke(String id, Instant until);

	/**
	 * Return whether an id is revoked.
	 * @param id the id
	 * @return whether it is revoked
	 * @throws WeChatTokenStoreException if the store cannot be read
	 */
	boolean isRevoked(String id);

}
