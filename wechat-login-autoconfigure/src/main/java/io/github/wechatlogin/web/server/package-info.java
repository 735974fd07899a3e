/**
 * The WebFlux web layer of WeChat login: {@code WebFilter}s for the login, refresh, logout and
 * JWK Set endpoints, and the problem JSON entry point and access denied handler of the bearer
 * side. Thin adapters over the transport-independent core of {@code io.github.wechatlogin.web}
 * (request rules, answers), so that both stacks answer alike.
 */
@NullMarked
package io.github.wechatlogin.web.server;

import org.jspecify.annotations.NullMarked;
