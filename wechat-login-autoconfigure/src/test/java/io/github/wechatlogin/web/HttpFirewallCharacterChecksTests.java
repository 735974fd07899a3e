package io.github.wechatlogin.web;

import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HttpFirewallCharacterChecks}: the same answers as the regular expressions of
 * {@link StrictHttpFirewall}, on every code point and on random strings.
 */
class HttpFirewallCharacterChecksTests {

	@Test
	void predicatesWhenEveryCodePointAloneThenSameAnswerAsStrictHttpFirewall() {
		int accepted = 0;
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String value = new String(Character.toChars(codePoint));
			assertSameAnswers(value);
			accepted += HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES.test(value) ? 1 : 0;
		}
		// a check that cannot pass by accepting (or refusing) everything
		assertThat(accepted).isBetween(100_000, Character.MAX_CODE_POINT);
	}

	@Test
	void predicatesWhenRandomStringsThenSameAnswerAsStrictHttpFirewall() {
		Random random = new Random(20261124);
		int[] interesting = { '\t', '\n', '\r', 0, 0x7F, 0x85, 0x9F, 0xA0, 0x378, 0xD800, 0xDBFF, 0xDC00, 0xDFFF,
				0xFFFF, 0xFFFE, 0x1F600, 0xE0001, 0x10FFFF };
		int refused = 0;
		for (int n = 0; n < 200_000; n++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(12);
			for (int i = 0; i < length; i++) {
				switch (random.nextInt(4)) {
					case 0 -> value.append((char) (0x20 + random.nextInt(0x5F)));
					case 1 -> value.append((char) random.nextInt(0x10000));
					case 2 -> value.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
					default -> value.append((char) interesting[random.nextInt(interesting.length)]);
				}
			}
			assertSameAnswers(value.toString());
			refused += HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES.test(value.toString()) ? 0 : 1;
		}
		assertThat(refused).isBetween(10_000, 190_000);
	}

	@Test
	void predicatesWhenBearerHeaderThenAccepted() {
		String header = "Bearer eyJraWQiOiJrIiwiYWxnIjoiSFMyNTYifQ.eyJzdWIiOiJvLTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
		assertThat(HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES.test(header)).isTrue();
		assertThat(HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES.test("a\tb")).isTrue();
		assertThat(HttpFirewallCharacterChecks.ALLOWED_HEADER_NAMES.test("a\tb")).isFalse();
		assertThat(HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES.test(header + "\u0000")).isFalse();
		assertThat(HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES.test("x\u0085y")).isFalse();
		assertThat(HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES.test("\u0378")).isFalse();
		assertThat(HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES.test("")).isTrue();
	}

	@Test
	void strictHttpFirewallWhenControlCharacterInHeaderValueThenRejected() {
		StrictHttpFirewall firewall = HttpFirewallCharacterChecks.strictHttpFirewall();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/ping");
		request.addHeader("Authorization", "Bearer abc\u0007");
		request.addHeader("X-Ok", "ok");
		request.setParameter("p\u0001", "v");
		var firewalled = firewall.getFirewalledRequest(request);
		assertThat(firewalled.getHeader("X-Ok")).isEqualTo("ok");
		assertThatExceptionOfType(RequestRejectedException.class)
			.isThrownBy(() -> firewalled.getHeader("Authorization"));
		assertThatExceptionOfType(RequestRejectedException.class).isThrownBy(firewalled::getParameterMap);
	}

	@Test
	void strictHttpFirewallWhenPathHasEncodedSlashThenStillRejected() {
		StrictHttpFirewall firewall = HttpFirewallCharacterChecks.strictHttpFirewall();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/a%2Fb");
		request.setRequestURI("/api/a%2Fb");
		assertThatExceptionOfType(RequestRejectedException.class)
			.isThrownBy(() -> firewall.getFirewalledRequest(request));
	}

	private static void assertSameAnswers(String value) {
		assertSame(StrictHttpFirewall.ALLOWED_HEADER_NAMES, HttpFirewallCharacterChecks.ALLOWED_HEADER_NAMES, value);
		assertSame(StrictHttpFirewall.ALLOWED_HEADER_VALUES, HttpFirewallCharacterChecks.ALLOWED_HEADER_VALUES,
				value);
		assertSame(StrictHttpFirewall.ALLOWED_PARAMETER_NAMES, HttpFirewallCharacterChecks.ALLOWED_PARAMETER_NAMES,
				value);
	}

	private static void assertSame(Predicate<String> expected, Predicate<String> actual, String value) {
		boolean answer = expected.test(value);
		if (actual.test(value) != answer) {
			throw new AssertionError("Different answer for " + value.codePoints()
				.mapToObj(Integer::toHexString)
				.toList() + ": StrictHttpFirewall says " + answer);
		}
	}

}
