package io.github.wechatlogin.test.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs the application of a Spring test ({@code @SpringBootTest}) against a
 * {@link WeChatApiSimulator} instead of the real WeChat API.
 * <p>
 * Before the application context starts, a simulator is started on a free loopback port, told
 * the app id and secret of every registration ({@code wechat.login.app-id}/{@code secret} and
 * each {@code wechat.login.apps.<name>}, as the test's environment configures them), and
 * {@code wechat.login.api-base-url} is pointed at it. The simulator lives as long as the
 * application context (Spring caches it for the test classes that share its configuration) and
 * is a bean: inject it with {@code @Autowired}, or as a parameter of a test method or a
 * {@code @BeforeEach} method, and mint codes with it.
 * <pre class="code">
 * &#64;SpringBootTest(properties = { "wechat.login.app-id=wx-test-app", "wechat.login.secret=test-secret" })
 * &#64;AutoConfigureMockMvc
 * &#64;AutoConfigureWeChatApiSimulator
 * class LoginTests {
 *
 *     &#64;Test
 *     void login(&#64;Autowired MockMvc mvc, WeChatApiSimulator simulator) throws Exception {
 *         String code = simulator.issueCode(SimulatedUser.miniProgram("o-1"));
 *         mvc.perform(post("/login/wechat").contentType(APPLICATION_JSON).content("{\"code\":\"" + code + "\"}"))
 *             .andExpect(status().isOk());
 *     }
 *
 * }
 * </pre>
 * Requests, faults and codes accumulate in a simulator shared by several tests; call
 * {@link WeChatApiSimulator#reset()} in a {@code @BeforeEach} method where that matters. The
 * application should not start a simulator of its own for the test.
 *
 * @author wechat-login developers
 * @see WeChatApiSimulatorExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WeChatApiSimulatorExtension.class)
@ContextCustomizerFactories(WeChatApiSimulatorContextCustomizerFactory.class)
public @interface AutoConfigureWeChatApiSimulator {

}
