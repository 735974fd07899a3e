package io.github.wechatlogin.web;

import java.util.Objects;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AuthorizationHeaderBearerTokenResolver}: the same answers as a
 * {@link DefaultBearerTokenResolver} at its defaults.
 */
class AuthorizationHeaderBearerTokenResolverTests {

	private final BearerTokenResolver resolver = new AuthorizationHeaderBearerTokenResolver();

	private final BearerTokenResolver reference = new DefaultBearerTokenResolver();

	@Test
	void resolveWhenBearerHeaderThenToken() {
		assertThat(this.resolver.resolve(request("Bearer abc.DEF-12_3~+/=="))).isEqualTo("abc.DEF-12_3~+/==");
		assertThat(this.resolver.resolve(request("bEaReR x"))).isEqualTo("x");
	}

	@Test
	void resolveWhenNoOrOtherAuthorizationThenNull() {
		assertThat(this.resolver.resolve(new MockHttpServletRequest())).isNull();
		assertThat(this.resolver.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
		assertThat(this.resolver.resolve(request("DPoP abc"))).isNull();
	}

	@Test
	void resolveWhenQueryParameterThenIgnored() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.setParameter("access_token", "abc");
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void resolveWhenMalformedBearerThenInvalidToken() {
		for (String header : new String[] { "Bearer", "Bearer ", "Bearer  abc", "Bearer a b", "Bearer =abc",
				"Bearer abc=d", "Bearer\tabc", "Bearerabc", "Bearer abc\n", "bearer ab\u00e9" }) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class)
				.isThrownBy(() -> this.resolver.resolve(request(header)))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"));
		}
	}

	@Test
	void resolveWhenRandomHeadersThenSameAnswerAsDefaultBearerTokenResolver() {
		Random random = new Random(20261124);
		String[] prefixes = { "Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Bearer\t", "Bearerx ", "Bea",
				"bEARER ", "Bearer\u017f", "DPoP ", "", " Bearer " };
		String alphabet = "abcxyzABCXYZ0189-._~+/=  \t\n\r,;:\"'\\%!#$&*()[]{}<>?@^`|\u00e9\u017f\u212a\u0000\u00ff";
		int resolved = 0;
		int malformed = 0;
		for (int n = 0; n < 100_000; n++) {
			StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
			int length = random.nextInt(8);
			for (int i = 0; i < length; i++) {
				// mostly token characters, so that many headers are well formed
				header.append((random.nextInt(4) > 0) ? alphabet.charAt(random.nextInt(17))
						: alphabet.charAt(random.nextInt(alphabet.length())));
			}
			Answer expected = answer(this.reference, header.toString());
			Answer actual = answer(this.resolver, header.toString());
			assertThat(actual).as("answer for [%s]", header).isEqualTo(expected);
			resolved += (expected.token() != null) ? 1 : 0;
			malformed += expected.malformed() ? 1 : 0;
		}
		assertThat(resolved).isGreaterThan(10_000);
		assertThat(malformed).isGreaterThan(10_000);
	}

	private static Answer answer(BearerTokenResolver resolver, String header) {
		try {
			return new Answer(resolver.resolve(request(header)), false);
		}
		catch (OAuth2AuthenticationException ex) {
			return new Answer(null, Objects.equals(ex.getError().getErrorCode(), "invalid_token"));
		}
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", authorization);
		return request;
	}

	private record Answer(@Nullable String token, boolean malformed) {
	}

}
