/**
 * Redis implementations of the stateful parts, so that several instances act as one: the
 * access-token cache with a cross-instance single flight, the used-code guard, refresh tokens
 * and revocations.
 */
@NullMarked
package io.github.wechatlogin.redis;

import org.jspecify.annotations.NullMarked;
