/**
 * Spring Security test support for WeChat login: {@link WithMockWeChatUser} for tests that need
 * a logged-in WeChat user, and MockMvc request post-processors that log a request in with a
 * {@code WeChatUser} or a real bearer token.
 *
 * @see io.github.wechatlogin.test.security.WithMockWeChatUser
 * @see io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors
 */
@NullMarked
package io.github.wechatlogin.test.security;

import org.jspecify.annotations.NullMarked;
