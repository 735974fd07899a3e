package io.github.wechatlogin.integration;

/**
 * {@link SessionLifecycleIntegrationTests} on Spring MVC (Tomcat).
 */
class SessionLifecycleIntegrationServletTests extends SessionLifecycleIntegrationTests {

}
