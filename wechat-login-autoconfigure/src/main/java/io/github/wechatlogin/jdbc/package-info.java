/**
 * Registrations kept in a database and read through JDBC, so that they can be added, disabled
 * or rotated while the application runs.
 */
@NullMarked
package io.github.wechatlogin.jdbc;

import org.jspecify.annotations.NullMarked;
