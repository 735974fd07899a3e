package io.github.wechatlogin.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wechatlogin.test.simulator.Endpoint;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the login endpoint and bearer authentication under hostile input:
 * over 10,000 generated malformed requests go through the whole filter chain of a running
 * application; every one gets a 4xx {@code application/problem+json} answer, none a 5xx, and
 * none reaches WeChat. One suite, two stacks: the requests go through Spring MVC's chain
 * ({@link HostileInputServletTests}, MockMvc) and through WebFlux's
 * ({@link HostileInputReactiveTests}, a {@code WebTestClient} bound to the application).
 */
abstract class HostileInputTests {

	private static final int TRIES = 2_500;

	/** The running application of each stack, by test class. */
	private static final Map<Class<?>, Stack> stacks = new ConcurrentHashMap<>();

	/**
	 * Start the application of this stack.
	 * @return the application
	 */
	abstract LoginApp startApp();

	/**
	 * Send a request through the whole filter chain of the application.
	 * @param app the application
	 * @param request the request
	 * @return the answer
	 */
	abstract Answer send(LoginApp app, HostileRequest request) throws Exception;

	/**
	 * Check the counts of a stack's requests and stop its application.
	 * @param testClass the test class of the stack
	 */
	static void stop(Class<?> testClass) {
		Stack stack = stacks.remove(testClass);
		if (stack == null) {
			return;
		}
		int total = stack.counts.values().stream().mapToInt(AtomicInteger::get).sum();
		System.out.println("Hostile input (" + testClass.getSimpleName() + "): " + total + " requests, by kind "
				+ new TreeMap<>(stack.counts) + "; WeChat calls: " + wechatCalls(stack.app));
		assertThat(total).isGreaterThanOrEqualTo(4 * TRIES + 1_000);
		stack.app.close();
	}

	@Property(tries = TRIES)
	void malformedJsonLoginThenBadRequestAndNoWeChatCall(@ForAll("malformedJson") HostileRequest request)
			throws Exception {
		assertRefused(request, 400);
	}

	@Property(tries = TRIES)
	void wrongContentTypeOrFormThenBadRequestAndNoWeChatCall(@ForAll("malformedOther") HostileRequest request)
			throws Exception {
		assertRefused(request, 400);
	}

	@Property(tries = TRIES)
	void wrongMethodThenMethodNotAllowed(@ForAll("wrongMethods") HostileRequest request) throws Exception {
		assertRefused(request, 405);
	}

	@Property(tries = TRIES)
	void badRedirectPathOrHugeHeadersThenBadRequest(@ForAll("badRedirects") HostileRequest request)
			throws Exception {
		assertRefused(request, 400);
	}

	@Property(tries = 1_000)
	void oddBearerHeaderThenUnauthorized(@ForAll("oddBearers") HostileRequest request) throws Exception {
		assertRefused(request, 401);
	}

	@Provide
	Arbitrary<HostileRequest> malformedJson() {
		Arbitrary<String> wrongTypes = Arbitraries.of("123", "true", "false", "[\"abc\"]", "{\"x\":\"abc\"}", "1.5e3",
				"[]", "{}").map((value) -> "{\"code\":" + value + "}");
		Arbitrary<String> duplicates = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
			.map((code) -> "{\"code\":\"" + code + "\",\"code\":\"" + code + "x\"}");
		Arbitrary<String> deep = Arbitraries.integers().between(9, 400)
			.map((depth) -> "{\"code\":\"abc\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
		Arbitrary<String> huge = Arbitraries.integers().between(8_200, 200_000)
			.map((size) -> "{\"code\":\"abc\",\"pad\":\"" + "p".repeat(size) + "\"}");
		Arbitrary<String> badCodes = badCodes().map((code) -> {
			ObjectNode node = LoginApp.JSON.createObjectNode();
			node.put("code", code);
			return node.toString();
		});
		Arbitrary<String> trailing = Arbitraries.strings().ofMinLength(1).ofMaxLength(30)
			.filter((tail) -> !tail.isBlank())
			.map((tail) -> "{\"code\":\"abc\"}" + tail);
		Arbitrary<String> notObjects = Arbitraries.of("[\"abc\"]", "\"abc\"", "42", "null", "true", "", " ",
				"{\"code\":\"abc\"", "{code:\"abc\"}", "{'code':'abc'}", "{\"code\":\"abc\",}");
		Arbitrary<HostileRequest> text = Arbitraries
			.oneOf(tagged("json:wrong-type", wrongTypes), tagged("json:duplicate", duplicates),
					tagged("json:deep", deep), tagged("json:huge", huge), tagged("json:bad-code", badCodes),
					tagged("json:trailing", trailing), tagged("json:not-object", notObjects))
			.map((tagged) -> HostileRequest.post(tagged.kind(), "application/json",
					tagged.value().getBytes(StandardCharsets.UTF_8)));
		Arbitrary<HostileRequest> bytes = Arbitraries.bytes()
			.array(byte[].class)
			.ofMaxSize(300)
			.map((body) -> HostileRequest.post("json:random-bytes", "application/json", body));
		return Arbitraries.oneOf(text, text, text, bytes);
	}

	@Provide
	Arbitrary<HostileRequest> malformedOther() {
		Arbitrary<HostileRequest> contentTypes = Arbitraries
			.of("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json;charset=ISO-8859-1",
					"not a media type", "*/*", "application/*", "image/png", "application/json;charset=UTF-16")
			.map((type) -> HostileRequest.post("content-type", type, "{\"code\":\"abc\"}".getBytes(StandardCharsets.UTF_8)));
		Arbitrary<HostileRequest> noContentType = Arbitraries.just(
				HostileRequest.post("content-type:none", null, "{\"code\":\"abc\"}".getBytes(StandardCharsets.UTF_8)));
		Arbitrary<HostileRequest> duplicateFields = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
			.map((code) -> HostileRequest.form("form:duplicate", "code=" + code + "&code=" + code, null));
		Arbitrary<HostileRequest> codeInQuery = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
			.map((code) -> HostileRequest.form("form:code-in-query", "code=" + code, "code=" + code));
		Arbitrary<HostileRequest> badFormCodes = badCodes()
			.map((code) -> HostileRequest.form("form:bad-code",
					"code=" + java.net.URLEncoder.encode(code, StandardCharsets.UTF_8), null));
		Arbitrary<HostileRequest> emptyForm = Arbitraries.of("", "codes=abc", "code=", "redirectPath=pages/a")
			.map((body) -> HostileRequest.form("form:no-code", body, null));
		return Arbitraries.oneOf(contentTypes, noContentType, duplicateFields, codeInQuery, badFormCodes, emptyForm);
	}

	@Provide
	Arbitrary<HostileRequest> wrongMethods() {
		return Combinators
			.combine(Arbitraries.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH),
					Arbitraries.of("/login/wechat", "/login/wechat/classic", "/login/wechat/refresh"),
					Arbitraries.strings().alpha().ofMaxLength(20))
			.as((method, path, code) -> new HostileRequest("method:" + method.name(), method, path, "application/json",
					("{\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8), null, Map.of()));
	}

	@Provide
	Arbitrary<HostileRequest> badRedirects() {
		Arbitrary<String> redirects = Arbitraries.oneOf(
				Arbitraries.of("https://evil.example/pages/a", "//evil.example", "javascript:alert(1)", "pages/../admin",
						"pages/./x", "pages\\a", "/pages/a", "admin/index", "pages/a#x", "pages/%2e%2e/a", "PAGES/a"),
				Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(10)
					.map((control) -> "pages/" + control),
				Arbitraries.integers().between(513, 5_000).map((length) -> "pages/" + "a".repeat(length)),
				Arbitraries.strings().withChars("代码页面é").ofMinLength(1).ofMaxLength(10).map((text) -> "pages/" + text));
		Arbitrary<HostileRequest> redirect = redirects.map((path) -> {
			ObjectNode node = LoginApp.JSON.createObjectNode();
			node.put("code", "0a1b2c3d4e5f");
			node.put("redirectPath", path);
			return HostileRequest.post("redirect", "application/json", node.toString().getBytes(StandardCharsets.UTF_8));
		});
		Arbitrary<HostileRequest> hugeHeaders = Arbitraries.integers().between(8_000, 64_000)
			.map((size) -> new HostileRequest("huge-header", HttpMethod.POST, "/login/wechat", "application/json",
					"{\"code\":7}".getBytes(StandardCharsets.UTF_8), null, Map.of("X-Padding", "h".repeat(size))));
		return Arbitraries.oneOf(redirect, redirect, hugeHeaders);
	}

	@Provide
	Arbitrary<HostileRequest> oddBearers() {
		Arbitrary<String> values = Arbitraries.oneOf(
				Arbitraries.of("Bearer", "Bearer ", "Bearer  x", "bearer abc", "Basic YWJjOmRlZg==", "Bearer a.b.c",
						"Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer ....", "Token abc", "Bearer \u00e9"),
				Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(2_000).map((token) -> "Bearer " + token),
				Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(50));
		return values.map((value) -> new HostileRequest("bearer", HttpMethod.GET, "/api/me", null, new byte[0], null,
				Map.of("Authorization", value)));
	}

	private static Arbitrary<String> badCodes() {
		return Arbitraries.oneOf(
				Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(20)
					.map((control) -> "ab" + control + "cd"),
				Arbitraries.strings().withChars(" \t\u00a0\u2028\u202e").ofMinLength(1).ofMaxLength(5)
					.map((space) -> "ab" + space + "cd"),
				Arbitraries.strings().withChars("代码é€").ofMinLength(1).ofMaxLength(10), Arbitraries.of("😀", "ab😀", "\uFEFFabc"),
				Arbitraries.integers().between(129, 10_000).map("a"::repeat), Arbitraries.of("", "   "));
	}

	private static Arbitrary<Tagged> tagged(String kind, Arbitrary<String> values) {
		return values.map((value) -> new Tagged(kind, value));
	}

	private void assertRefused(HostileRequest request, int expectedStatus) throws Exception {
		Stack stack = stacks.computeIfAbsent(getClass(), (testClass) -> new Stack(startApp()));
		LoginApp app = stack.app;
		stack.counts.computeIfAbsent(request.kind(), (kind) -> new AtomicInteger()).incrementAndGet();
		int before = wechatCalls(app);
		Answer response = send(app, request);
		assertThat(response.status()).as(request.kind()).isEqualTo(expectedStatus);
		assertThat(response.contentType()).as(request.kind()).startsWith("application/problem+json");
		JsonNode problem = LoginApp.JSON.readTree(response.body());
		assertThat(problem.get("status").intValue()).isEqualTo(expectedStatus);
		assertThat(problem.get("error").stringValue()).isNotBlank();
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("Exception")
			.doesNotContain(LoginApp.SECRET);
		assertThat(wechatCalls(app)).as("WeChat must not be called for " + request.kind()).isEqualTo(before);
	}

	private static int wechatCalls(LoginApp app) {
		return app.simulator.requestCount(Endpoint.CODE2VERIFYINFO) + app.simulator.requestCount(Endpoint.JSCODE2SESSION)
				+ app.simulator.requestCount(Endpoint.STABLE_TOKEN);
	}

	record Tagged(String kind, String value) {
	}

	/**
	 * The answer of a stack to a hostile request.
	 *
	 * @param status the status code
	 * @param contentType the {@code Content-Type}, or {@code null}
	 * @param body the body
	 */
	record Answer(int status, String contentType, byte[] body) {
	}

	/** The application of one stack and the counts of its requests, by kind. */
	private record Stack(LoginApp app, Map<String, AtomicInteger> counts) {

		Stack(LoginApp app) {
			this(app, new ConcurrentHashMap<>());
		}

	}

	record HostileRequest(String kind, HttpMethod method, String path, String contentType, byte[] body, String query,
			Map<String, String> headers) {

		static HostileRequest post(String kind, String contentType, byte[] body) {
			return new HostileRequest(kind, HttpMethod.POST, "/login/wechat", contentType, body, null, Map.of());
		}

		static HostileRequest form(String kind, String body, String query) {
			return new HostileRequest(kind, HttpMethod.POST, "/login/wechat", "application/x-www-form-urlencoded",
					body.getBytes(StandardCharsets.UTF_8), query, Map.of());
		}

		String pathAndQuery() {
			return this.path + ((this.query != null) ? "?" + this.query : "");
		}

		@Override
		public String toString() {
			String preview = new String(this.body, 0, Math.min(this.body.length, 80), StandardCharsets.UTF_8);
			StringBuilder escaped = new StringBuilder();
			preview.codePoints().forEach((c) -> escaped.append((c < 0x20 || c > 0x7e) ? String.format("\\u%04x", c) : Character.toString(c)));
			return this.kind + " " + this.method + " " + this.path + " (" + this.body.length + " bytes: " + escaped
					+ ((this.query != null) ? ", query " + this.query : "") + ")";
		}

	}

}
