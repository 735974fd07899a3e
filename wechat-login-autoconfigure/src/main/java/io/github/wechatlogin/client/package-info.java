/**
 * Calls to the WeChat server APIs ({@code sns/jscode2session}, {@code donut/code2verifyinfo} and the
 * access-token endpoints). Knows nothing of Spring Security or servlets.
 */
@NullMarked
package io.github.wechatlogin.client;

import org.jspecify.annotations.NullMarked;
