package io.github.wechatlogin.integration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WeChatLoginIntegrationTests} on Spring MVC (Tomcat), and what only the servlet stack
 * has.
 */
class WeChatLoginIntegrationServletTests extends WeChatLoginIntegrationTests {

	/**
	 * Servlet only: Spring Security 7 publishes the OAuth 2.0 protected resource metadata
	 * (RFC 9728) from {@code oauth2ResourceServer()} on the servlet stack; its WebFlux
	 * {@code ServerHttpSecurity} has no such endpoint yet.
	 */
	@Test
	void protectedResourceMetadataWhenRequestedThenNoCertificateBoundTokensClaimed() throws Exception {
		Response response = get("/.well-known/oauth-protected-resource", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("tls_client_certificate_bound_access_tokens").booleanValue()).isFalse();
	}

}
