/**
 * The {@code session_key} of classic mini program logins, kept on the server: the store of each
 * user's current key and {@link io.github.wechatlogin.session.WeChatSessionKeys}, which decrypts
 * and signs with it for the authenticated user.
 */
@NullMarked
package io.github.wechatlogin.session;

import org.jspecify.annotations.NullMarked;
