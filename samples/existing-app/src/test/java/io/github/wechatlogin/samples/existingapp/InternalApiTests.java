package io.github.wechatlogin.samples.existingapp;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static io.github.wechatlogin.test.security.WeChatLoginRequestPostProcessors.bearerToken;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The internal API ({@code /internal/**}): only RS256 tokens of the company's identity provider,
 * checked with its public key by the decoder of Spring Boot's resource server
 * auto-configuration, and only with the {@code internal} scope. WeChat tokens open nothing here.
 *
 * @author wechat-login developers
 */
@ExistingAppTest
class InternalApiTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void pingWhenTokenOfTheInternalIssuerWithScopeThenOk() throws Exception {
		String token = InternalIdp.trusted().token("billing-service", "internal");

		this.mvc.perform(get("/internal/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pong").value(true))
			.andExpect(jsonPath("$.caller").value("billing-service"));
	}

	@Test
	void pingWhenTokenOfTheInternalIssuerWithoutScopeThenForbidden() throws Exception {
		String token = InternalIdp.trusted().token("billing-service", "reports");

		this.mvc.perform(get("/internal/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isForbidden());
	}

	@Test
	void pingWhenTokenSignedWithAnotherKeyThenUnauthorized() throws Exception {
		String token = InternalIdp.impostor().token("billing-service", "internal");

		this.mvc.perform(get("/internal/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
	}

	@Test
	void pingWhenExpiredTokenOfTheInternalIssuerThenUnauthorized() throws Exception {
		Instant issuedAt = Instant.now().minus(Duration.ofHours(2));
		String token = InternalIdp.trusted()
			.token("billing-service", issuedAt, issuedAt.plus(Duration.ofMinutes(5)), "internal");

		this.mvc.perform(get("/internal/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void pingWhenWeChatBearerTokenThenUnauthorized() throws Exception {
		this.mvc.perform(get("/internal/ping").with(bearerToken().roles("USER", "ADMIN")))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
	}

	@Test
	void pingWhenAnonymousThenUnauthorized() throws Exception {
		this.mvc.perform(get("/internal/ping"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
	}

}
