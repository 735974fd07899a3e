package io.github.wechatlogin.integration;

import java.util.List;

/**
 * {@link AsymmetricTokenIntegrationTests} on Spring MVC (Tomcat).
 */
class AsymmetricTokenIntegrationServletTests extends AsymmetricTokenIntegrationTests {

	@Override
	List<String> stackProperties() {
		return List.of();
	}

}
