package io.github.wechatlogin.token;

import reactor.core.publisher.Mono;

/**
 * Tells revoked ids without blocking: the reactive twin of the read side of
 * {@link WeChatTokenRevocationStore}, for the one store call of every bearer request on WebFlux
 * (see {@link WeChatReactiveJwtAuthenticationConverter#setRevocationStore}). It must answer for
 * the very store the {@link WeChatTokenService} revokes into.
 *
 * @author wechat-login developers
 */
@FunctionalInterface
public interface ReactiveWeChatTokenRevocationStore {

	/**
	 * Tell whether an id is revoked.
	 * @param id the id, as {@link WeChatTokenRevocationStore#revoke} took it
	 * @return whether it is revoked, or a {@link WeChatTokenStoreException} when the store cannot
	 * tell
	 */
	Mono<Boolean> isRevoked(String id);

}
