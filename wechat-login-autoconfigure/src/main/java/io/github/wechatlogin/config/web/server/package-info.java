/**
 * WebFlux security configuration of WeChat login: {@link WeChatLoginServerConfigurer} adds it to
 * a {@code ServerHttpSecurity}.
 */
@NullMarked
package io.github.wechatlogin.config.web.server;

import org.jspecify.annotations.NullMarked;
