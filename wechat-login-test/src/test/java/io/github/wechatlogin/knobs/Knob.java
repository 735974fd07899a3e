package io.github.wechatlogin.knobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that proves a setting works: it sets a non-default value of each named property
 * (or calls each named method of {@code WeChatLoginConfigurer}, or of the WebFlux
 * {@code WeChatLoginServerConfigurer}) and asserts the effect, over HTTP
 * or in the application context, so that the test fails if the setting is ignored.
 * {@link KnobCoverageTests} fails the build for every {@code wechat.login.*} property of the
 * configuration metadata and every public DSL method of either configurer without such a test, and for
 * every name here that does not exist. It looks at every test class of the module, in any package.
 * <p>
 * Properties are named as in the metadata ({@code wechat.login.token.issuer}); the properties of
 * an entry of a map of objects as in docs/configuration.md ({@code wechat.login.apps.<name>.type}).
 *
 * @see KnobCoverageTests
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Knobs.class)
public @interface Knob {

	/**
	 * The properties whose non-default value the test sets and whose effect it asserts.
	 * @return the full property names
	 */
	String[] properties() default {};

	/**
	 * The methods of {@code io.github.wechatlogin.config.WeChatLoginConfigurer} the test calls
	 * and whose effect it asserts.
	 * @return the method names
	 */
	String[] configurer() default {};

	/**
	 * The methods of the WebFlux configurer
	 * {@code io.github.wechatlogin.config.web.server.WeChatLoginServerConfigurer} the test calls
	 * in a {@code SecurityWebFilterChain} of its own and whose effect it asserts.
	 * @return the method names
	 */
	String[] serverConfigurer() default {};

}
