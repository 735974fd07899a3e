/**
 * A demo application of WeChat login: a stateless JSON API whose users log in with a WeChat
 * code, running against an embedded simulator of the WeChat server API.
 */
@NullMarked
package io.github.wechatlogin.demo;

import org.jspecify.annotations.NullMarked;
