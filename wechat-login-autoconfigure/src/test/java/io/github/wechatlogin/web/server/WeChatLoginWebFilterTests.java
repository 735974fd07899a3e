package io.github.wechatlogin.web.server;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatLoginWebFilter}.
 */
class WeChatLoginWebFilterTests {

	private static final WeChatRegistration DEFAULT = WeChatRegistration.withRegistrationId("default")
		.appId("wx-app")
		.secret("secret")
		.build();

	private final AtomicInteger authentications = new AtomicInteger();

	private final ReactiveAuthenticationManager refusing = (login) -> {
		this.authentications.incrementAndGet();
		return Mono.error(new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_CODE, "no")));
	};

	@Test
	void filterWhenGetThenMethodNotAllowedWithoutAuthentication() {
		client(new InMemoryWeChatRegistrationRepository(List.of(DEFAULT))).get()
			.uri("/login/wechat")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.valueEquals("Allow", "POST")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.authentications).hasValue(0);
	}

	@Test
	void filterWhenOtherPathThenChainAnswers() {
		client(new InMemoryWeChatRegistrationRepository(List.of(DEFAULT))).post()
			.uri("/login/wechat/unknown")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.I_AM_A_TEAPOT);
	}

	@Test
	void filterWhenDeclaredLengthOverLimitThenBadRequestBeforeReading() {
		client(new InMemoryWeChatRegistrationRepository(List.of(DEFAULT))).post()
			.uri("/login/wechat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"code\":\"abc\",\"pad\":\"" + "p".repeat(9_000) + "\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The request body is too large");
		assertThat(this.authentications).hasValue(0);
	}

	@Test
	void filterWhenFormLoginThenAuthenticatedAndFailureAnswered() {
		client(new InMemoryWeChatRegistrationRepository(List.of(DEFAULT))).post()
			.uri("/login/wechat")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("code=abc")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_code");
		assertThat(this.authentications).hasValue(1);
	}

	@Test
	void filterWhenDynamicRegistrationUnknownThenNotFound() {
		client(new Dynamic(null, false)).post()
			.uri("/login/wechat/tenant-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"code\":\"abc\"}")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unknown_registration");
		assertThat(this.authentications).hasValue(0);
	}

	@Test
	void filterWhenDynamicRegistrationsFailThenServiceUnavailable() {
		client(new Dynamic(null, true)).post()
			.uri("/login/wechat/tenant-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"code\":\"abc\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists("Retry-After")
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("database"));
	}

	@Test
	void filterWhenDynamicRegistrationKnownThenAuthenticated() {
		WeChatRegistration tenant = WeChatRegistration.withRegistrationId("tenant-1")
			.appId("wx-tenant")
			.secret("secret")
			.build();
		client(new Dynamic(tenant, false)).post()
			.uri("/login/wechat/tenant-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"code\":\"abc\"}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(this.authentications).hasValue(1);
	}

	private WebTestClient client(WeChatRegistrationRepository registrations) {
		WeChatLoginWebFilter filter = new WeChatLoginWebFilter(
				new WeChatLoginServerWebExchangeMatcher("/login/wechat", registrations), registrations, this.refusing,
				(exchange, authentication) -> Mono.error(new IllegalStateException("no success expected")));
		filter.setRegistrationScheduler(Schedulers.immediate());
		return WebTestClient.bindToWebHandler((exchange) -> {
			exchange.getResponse().setStatusCode(HttpStatus.I_AM_A_TEAPOT);
			return exchange.getResponse().setComplete();
		}).webFilter(filter).build();
	}

	/** Registrations that can change: one, none, or a store that fails. */
	private record Dynamic(WeChatRegistration registration, boolean fails) implements WeChatRegistrationRepository {

		@Override
		public WeChatRegistration findByRegistrationId(String registrationId) {
			if (this.fails) {
				throw new IllegalStateException("the database at db.internal is down");
			}
			return (this.registration != null && this.registration.getRegistrationId().equals(registrationId))
					? this.registration : null;
		}

		@Override
		public Iterator<WeChatRegistration> iterator() {
			return List.<WeChatRegistration>of().iterator();
		}

	}

}
