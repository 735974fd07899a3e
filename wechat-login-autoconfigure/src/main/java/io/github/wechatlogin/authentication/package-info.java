/**
 * Spring Security authentication of WeChat login codes: request and result tokens, the
 * provider, the {@link io.github.wechatlogin.authentication.WeChatUser} principal and the user service hook.
 */
@NullMarked
package io.github.wechatlogin.authentication;

import org.jspecify.annotations.NullMarked;
