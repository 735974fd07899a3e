package io.github.wechatlogin.test.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;

import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test as a logged-in WeChat user: the security context holds a
 * {@link WeChatAuthentication} whose principal is a {@link WeChatUser} built from the attributes,
 * just as after a real login or with a bearer token. {@code @AuthenticationPrincipal WeChatUser},
 * {@code @PreAuthorize("principal.openid == ...")} and {@code hasRole(...)} see that user.
 * <pre class="code">
 * &#64;Test
 * &#64;WithMockWeChatUser(openid = "o-admin", roles = { "USER", "ADMIN" })
 * void adminPingWhenAdminThenOk() throws Exception {
 *     this.mvc.perform(get("/api/admin/ping")).andExpect(status().isOk());
 * }
 * </pre>
 * <p>
 * Put it on a test method or a test class (then it applies to every method, and a method's own
 * annotation wins). It works with MockMvc (Spring Boot applies the test security context to
 * MockMvc requests when {@code spring-boot-starter-security-test} is on the test classpath) and
 * when calling secured beans directly; it does not reach a server started on a real port.
 * <p>
 * Every attribute has a default: the user is {@code o-test-openid} of app {@code wx-test-app},
 * registration {@code default}, login type {@code weixinMiniProgram}, with {@code ROLE_USER}.
 * Empty strings mean "none" for the optional attributes.
 *
 * @author wechat-login developers
 * @see WeChatLoginRequestPostProcessors
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithMockWeChatUserSecurityContextFactory.class)
public @interface WithMockWeChatUser {

	/**
	 * The openid; empty for a user without one (then {@link #userId()} is required).
	 * @return the openid
	 */
	String openid() default MockWeChatUser.DEFAULT_OPENID;

	/**
	 * The unionid; empty (the default) for none.
	 * @return the unionid
	 */
	String unionid() default "";

	/**
	 * The app id the user logged in to.
	 * @return the app id
	 */
	String appId() default MockWeChatUser.DEFAULT_APP_ID;

	/**
	 * The registration the user logged in through: {@code default} for the top-level
	 * {@code wechat.login.*} one, otherwise the name of a {@code wechat.login.apps.<name>} entry.
	 * @return the registration id
	 */
	String registrationId() default MockWeChatUser.DEFAULT_REGISTRATION_ID;

	/**
	 * The multi-terminal user id; empty (the default) for none. When set it is the user's
	 * {@link WeChatUser#getName() name}.
	 * @return the user id
	 */
	String userId() default "";

	/**
	 * The login type: {@code weixinMiniProgram} (the default), {@code weixinApp},
	 * {@code phoneSms}, {@code phoneOneClick}, {@code apple}, or {@code miniProgram} for a classic
	 * mini program login.
	 * @return the login type
	 */
	String loginType() default MockWeChatUser.DEFAULT_LOGIN_TYPE;

	/**
	 * The phone number; empty (the default) for none.
	 * @return the phone number
	 */
	String phone() default "";

	/**
	 * The granted authorities, {@code ROLE_USER} by default. Cannot be combined with
	 * {@link #roles()}.
	 * @return the authorities
	 */
	String[] authorities() default { MockWeChatUser.DEFAULT_AUTHORITY };

	/**
	 * Roles to grant instead of {@link #authorities()}, each as {@code ROLE_<role>}: for example
	 * {@code roles = { "USER", "ADMIN" }}. Empty (the default) to use the authorities.
	 * @return the roles
	 */
	String[] roles() default {};

	/**
	 * When the security context is set up: before the test method (the default), or just before
	 * the test runs, after {@code @BeforeEach} methods.
	 * @return the event
	 */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
