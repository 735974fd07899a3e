/**
 * A sample of an existing Spring Security application that adds WeChat mini program login: a
 * stateless {@code /api} for the mini program (WeChat login, bearer tokens), an internal API that
 * accepts the tokens of another issuer, and a form login admin console with sessions and CSRF
 * protection, each in its own {@code SecurityFilterChain}.
 */
@NullMarked
package io.github.wechatlogin.samples.existingapp;

import org.jspecify.annotations.NullMarked;
