/**
 * Spring TestContext and JUnit Jupiter support: {@link AutoConfigureWeChatApiSimulator} runs the
 * application under test against a {@code WeChatApiSimulator} instead of the real WeChat.
 *
 * @see io.github.wechatlogin.test.context.AutoConfigureWeChatApiSimulator
 */
@NullMarked
package io.github.wechatlogin.test.context;

import org.jspecify.annotations.NullMarked;
