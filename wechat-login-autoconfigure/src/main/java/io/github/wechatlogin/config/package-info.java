/**
 * Spring Security configurer that wires WeChat login into an {@code HttpSecurity} chain.
 */
@NullMarked
package io.github.wechatlogin.config;

import org.jspecify.annotations.NullMarked;
