package io.github.wechatlogin.integration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WeChatLoginIntegrationTests} on WebFlux (Reactor Netty): the same application, the same
 * properties, the same assertions, with {@code spring.main.web-application-type=reactive}.
 */
@TestPropertySource(properties = "spring.main.web-application-type=reactive")
class WeChatLoginIntegrationReactiveTests extends WeChatLoginIntegrationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void contextWhenReactiveThenDefaultSecurityWebFilterChainAndNoServletChain() {
		assertThat(this.context.getBeansOfType(SecurityWebFilterChain.class))
			.containsOnlyKeys("weChatLoginSecurityWebFilterChain");
		assertThat(this.context.getBeanNamesForType(
				org.springframework.security.web.SecurityFilterChain.class)).isEmpty();
	}

}
