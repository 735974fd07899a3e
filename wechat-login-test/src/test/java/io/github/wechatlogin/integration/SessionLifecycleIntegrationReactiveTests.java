package io.github.wechatlogin.integration;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link SessionLifecycleIntegrationTests} on WebFlux (Reactor Netty).
 */
@TestPropertySource(properties = "spring.main.web-application-type=reactive")
class SessionLifecycleIntegrationReactiveTests extends SessionLifecycleIntegrationTests {

}
