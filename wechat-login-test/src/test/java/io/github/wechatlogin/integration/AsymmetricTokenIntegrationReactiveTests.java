package io.github.wechatlogin.integration;

import java.util.List;

/**
 * {@link AsymmetricTokenIntegrationTests} on WebFlux (Reactor Netty): the same applications and
 * properties with {@code spring.main.web-application-type=reactive}.
 */
class AsymmetricTokenIntegrationReactiveTests extends AsymmetricTokenIntegrationTests {

	@Override
	List<String> stackProperties() {
		return List.of("spring.main.web-application-type=reactive");
	}

}
