/**
 * The tokens a successful login answers with, and their conversion back into a
 * {@link io.github.wechatlogin.authentication.WeChatUser} on later requests.
 */
@NullMarked
package io.github.wechatlogin.token;

import org.jspecify.annotations.NullMarked;
