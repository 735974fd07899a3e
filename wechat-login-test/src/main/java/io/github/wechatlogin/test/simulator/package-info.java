/**
 * An embeddable simulator of the WeChat server APIs used for login, for tests and demos.
 *
 * @see io.github.wechatlogin.test.simulator.WeChatApiSimulator
 */
@NullMarked
package io.github.wechatlogin.test.simulator;

import org.jspecify.annotations.NullMarked;
