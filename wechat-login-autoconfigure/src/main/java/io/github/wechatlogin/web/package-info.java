/**
 * Servlet integration: the login filter, the request converter and JSON success and problem
 * responses.
 */
@NullMarked
package io.github.wechatlogin.web;

import org.jspecify.annotations.NullMarked;
