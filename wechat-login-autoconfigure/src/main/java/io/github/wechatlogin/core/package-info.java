/**
 * Types shared by every layer: WeChat app registrations and the error vocabulary.
 */
@NullMarked
package io.github.wechatlogin.core;

import org.jspecify.annotations.NullMarked;
