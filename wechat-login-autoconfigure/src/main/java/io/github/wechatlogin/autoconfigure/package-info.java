/**
 * Spring Boot auto-configuration for WeChat login.
 */
@NullMarked
package io.github.wechatlogin.autoconfigure;

import org.jspecify.annotations.NullMarked;
