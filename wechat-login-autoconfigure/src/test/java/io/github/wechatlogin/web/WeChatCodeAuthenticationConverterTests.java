package io.github.wechatlogin.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WeChatCodeAuthenticationConverter}.
 */
class WeChatCodeAuthenticationConverterTests {

	private final InMemoryWeChatRegistrationRepository registrations = new InMemoryWeChatRegistrationRepository(
			WeChatRegistration.withRegistrationId("default")
				.appId("wx-app")
				.secret("secret")
				.redirectPath("pages/home/index")
				.build(),
			WeChatRegistration.withRegistrationId("shop")
				.appId("wx-shop")
				.secret("secret")
				.allowedRedirectPaths(List.of("pages/shop/*"))
				.build());

	private final WeChatCodeAuthenticationConverter converter = new WeChatCodeAuthenticationConverter(
			new WeChatLoginRequestMatcher("/login/wechat", this.registrations), this.registrations);

	@Test
	void convertWhenJsonThenCodeAndRedirectPath() {
		WeChatCodeAuthenticationToken token = this.converter
			.convert(json("{\"code\":\"0a1B2c\",\"redirectPath\":\"pages/cart/index?id=3\"}"));
		assertThat(token.getRegistrationId()).isEqualTo("default");
		assertThat(token.getCode()).isEqualTo("0a1B2c");
		assertThat(token.isAuthenticated()).isFalse();
		assertThat(token.getDetails()).isEqualTo(new WeChatLoginDetails("pages/cart/index?id=3"));
	}

	@Test
	void convertWhenNoRedirectPathThenRegistrationDefault() {
		WeChatCodeAuthenticationToken token = this.converter.convert(json("{\"code\":\"abc\"}"));
		assertThat(token.getDetails()).isEqualTo(new WeChatLoginDetails("pages/home/index"));
	}

	@Test
	void convertWhenNamedRegistrationThenItsId() {
		MockHttpServletRequest request = json("{\"code\":\"abc\",\"redirectPath\":\"pages/shop/list\"}");
		request.setRequestURI("/login/wechat/shop");
		WeChatCodeAuthenticationToken token = this.converter.convert(request);
		assertThat(token.getRegistrationId()).isEqualTo("shop");
		assertThat(token.getDetails()).isEqualTo(new WeChatLoginDetails("pages/shop/list"));
	}

	@Test
	void convertWhenNamedRegistrationThenItsOwnRedirectPatterns() {
		MockHttpServletRequest request = json("{\"code\":\"abc\",\"redirectPath\":\"pages/home/index\"}");
		request.setRequestURI("/login/wechat/shop");
		assertInvalidRequest(request, "redirectPath");
	}

	@Test
	void convertWhenOtherPathThenNull() {
		MockHttpServletRequest request = json("{\"code\":\"abc\"}");
		request.setRequestURI("/login/wechat/unknown/deeper");
		assertThat(this.converter.convert(request)).isNull();
	}

	@Test
	void convertWhenFormThenCode() {
		MockHttpServletRequest request = form();
		request.addParameter("code", "xyz");
		request.addParameter("redirectPath", "pages/a/b");
		WeChatCodeAuthenticationToken token = this.converter.convert(request);
		assertThat(token.getCode()).isEqualTo("xyz");
		assertThat(token.getDetails()).isEqualTo(new WeChatLoginDetails("pages/a/b"));
	}

	@Test
	void convertWhenFormCodeTwiceThenInvalidRequest() {
		MockHttpServletRequest request = form();
		request.addParameter("code", "a", "b");
		assertInvalidRequest(request, "once");
	}

	@Test
	void convertWhenCodeInQueryStringThenInvalidRequest() {
		MockHttpServletRequest request = form();
		request.setQueryString("code=abc");
		request.addParameter("code", "abc");
		assertInvalidRequest(request, "query string");
	}

	@Test
	void convertWhenJsonCharsetUtf8ThenAccepted() {
		MockHttpServletRequest request = json("{\"code\":\"abc\"}");
		request.setContentType("application/json;charset=UTF-8");
		assertThat(this.converter.convert(request).getCode()).isEqualTo("abc");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"code\":null}", "{\"code\":\"\"}", "{\"code\":\"   \"}",
			"{\"redirectPath\":\"pages/a\"}" })
	void convertWhenCodeMissingOrBlankThenInvalidRequest(String body) {
		assertInvalidRequest(json(body), "required");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"code\":123}", "{\"code\":true}", "{\"code\":[\"abc\"]}", "{\"code\":{\"a\":\"b\"}}",
			"{\"code\":\"abc\",\"redirectPath\":5}" })
	void convertWhenWrongTypeThenInvalidRequest(String body) {
		assertInvalidRequest(json(body), "must be a string");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"code\":\"a\",\"code\":\"b\"}", "{\"code\":\"abc\"} {}", "{\"code\":\"abc\"", "[\"abc\"]",
			"\"abc\"", "", "code=abc", "{\"code\":\"abc\",}" })
	void convertWhenMalformedJsonThenInvalidRequest(String body) {
		assertThatExceptionOfType(WeChatAuthenticationException.class).isThrownBy(() -> this.converter.convert(json(body)))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_REQUEST));
	}

	@Test
	void convertWhenDeeplyNestedThenInvalidRequest() {
		String body = "{\"code\":\"abc\",\"x\":" + "[".repeat(50) + "]".repeat(50) + "}";
		assertInvalidRequest(json(body), "not valid JSON");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ab\u0000c", "ab\nc", "ab c", "ab\u007fc", "代码", "ab\u202ec" })
	void convertWhenCodeHasControlOrNonAsciiCharactersThenInvalidRequest(String code) {
		MockHttpServletRequest request = form();
		request.addParameter("code", code);
		assertInvalidRequest(request, "malformed");
	}

	@Test
	void convertWhenCodeTooLongThenInvalidRequest() {
		assertInvalidRequest(json("{\"code\":\"" + "a".repeat(129) + "\"}"), "malformed");
		assertThat(this.converter.convert(json("{\"code\":\"" + "a".repeat(128) + "\"}")).getCode()).hasSize(128);
	}

	@Test
	void convertWhenBodyTooLargeThenInvalidRequest() {
		assertInvalidRequest(json("{\"code\":\"abc\",\"pad\":\"" + "x".repeat(9000) + "\"}"), "too large");
	}

	@Test
	void convertWhenInvalidUtf8ThenInvalidRequest() {
		MockHttpServletRequest request = json("");
		request.setContent(new byte[] { '{', '"', 'c', 'o', 'd', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
		assertInvalidRequest(request, "UTF-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "multipart/form-data; boundary=x", "application/xml", "application/*" })
	void convertWhenUnsupportedContentTypeThenInvalidRequest(String contentType) {
		MockHttpServletRequest request = json("{\"code\":\"abc\"}");
		request.setContentType(contentType);
		assertInvalidRequest(request, "application/json");
	}

	@Test
	void convertWhenNoContentTypeThenInvalidRequest() {
		MockHttpServletRequest request = json("{\"code\":\"abc\"}");
		request.setContentType(null);
		assertInvalidRequest(request, "application/json");
	}

	@Test
	void convertWhenJsonNotUtf8CharsetThenInvalidRequest() {
		MockHttpServletRequest request = json("{\"code\":\"abc\"}");
		request.setContentType("application/json;charset=ISO-8859-1");
		assertInvalidRequest(request, "UTF-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example/pages/a", "//evil.example/pages", "pages/../admin", "pages/./a",
			"pages\\a", "javascript:alert(1)", "/pages/a", "admin/index", "pages/a b", "pages/%2e%2e/a",
			"pages/a#frag" })
	void convertWhenRedirectPathNotAllowedThenInvalidRequest(String redirectPath) {
		MockHttpServletRequest request = form();
		request.addParameter("code", "abc");
		request.addParameter("redirectPath", redirectPath);
		assertInvalidRequest(request, "redirectPath");
	}

	private void assertInvalidRequest(MockHttpServletRequest request, String descriptionPart) {
		assertThatExceptionOfType(WeChatAuthenticationException.class).isThrownBy(() -> this.converter.convert(request))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.INVALID_REQUEST);
				assertThat(ex.getError().getDescription()).contains(descriptionPart);
			});
	}

	private static MockHttpServletRequest json(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/wechat");
		request.setContentType(MediaType.APPLICATION_JSON_VALUE);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static MockHttpServletRequest form() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/wechat");
		request.setContentType(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
		return request;
	}

}
