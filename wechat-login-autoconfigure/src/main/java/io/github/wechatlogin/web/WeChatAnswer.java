package io.github.wechatlogin.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.token.WeChatTokenResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * An answer of one of WeChat login's endpoints, independent of the web stack: the status, the
 * headers (the content type among them) and the body. The servlet filters and the WebFlux
 * {@code WebFilter}s ({@code io.github.wechatlogin.web.server}) build the same answers here and
 * only copy them onto their response, so that both stacks answer byte for byte alike.
 *
 * @author wechat-login developers
 */
public final class WeChatAnswer {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE + ";charset=UTF-8";

	private static final String JSON_UTF8 = MediaType.APPLICATION_JSON_VALUE + ";charset=UTF-8";

	private final int status;

	private final Map<String, String> headers;

	private final byte[] body;

	private WeChatAnswer(int status, Map<String, String> headers, byte[] body) {
		this.status = status;
		this.headers = headers;
		this.body = body;
	}

	/**
	 * Return an error with the status of its code (see {@link WeChatProblemDetails#statusOf(String)})
	 * and its {@code Retry-After} if it has one.
	 * @param error the error
	 * @return the answer
	 */
	public static WeChatAnswer problem(WeChatError error) {
		return problem(WeChatProblemDetails.statusOf(error.getErrorCode()), error);
	}

	/**
	 * Return an {@code application/problem+json} (RFC 9457) error with the members {@code type},
	 * {@code title}, {@code status}, {@code detail} and {@code error}, never cached, with the
	 * error's {@code Retry-After} if it has one.
	 * @param status the status
	 * @param error the error
	 * @return the answer
	 */
	public static WeChatAnswer problem(HttpStatus status, WeChatError error) {
		Assert.notNull(status, "status cannot be null");
		Assert.notNull(error, "error cannot be null");
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", (error.getDescription() != null) ? error.getDescription() : status.getReasonPhrase());
		problem.put("error", error.getErrorCode());
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
		headers.put(HttpHeaders.CACHE_CONTROL, "no-store");
		Duration retryAfter = error.getRetryAfter();
		if (retryAfter != null) {
			headers.put(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		return new WeChatAnswer(status.value(), headers, JSON.writeValueAsBytes(problem));
	}

	/**
	 * Return the answer of a {@code POST}-only endpoint to another method: {@code 405} with
	 * {@code Allow: POST} and an {@code invalid_request} problem that says what to do.
	 * @param action what the endpoint does, for the detail (such as {@code "Log in"})
	 * @return the answer
	 */
	public static WeChatAnswer methodNotAllowed(String action) {
		return problem(HttpStatus.METHOD_NOT_ALLOWED,
				new WeChatError(WeChatErrorCodes.INVALID_REQUEST, action + " with POST"))
			.withHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
	}

	/**
	 * Return whether a request method is {@code POST}, the only one of the login, refresh and
	 * phone number endpoints.
	 * @param method the request method
	 * @return whether it is {@code POST}
	 */
	public static boolean isPost(@Nullable String method) {
		return HttpMethod.POST.matches(method);
	}

	/**
	 * Return the answer of a login or a refresh: {@code 200} JSON with {@code access_token},
	 * {@code token_type} ({@code Bearer}), {@code expires_in} (seconds), {@code refresh_token}
	 * when one is issued, {@code openid}, {@code unionid} and {@code redirect_path}; never cached.
	 * @param tokens the issued tokens
	 * @param redirectPath the redirect path, or {@code null}
	 * @return the answer
	 */
	public static WeChatAnswer tokens(WeChatTokenResponse tokens, @Nullable String redirectPath) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		WeChatTokenResponses.putTokens(body, tokens);
		body.put("openid", tokens.user().getOpenid());
		body.put("unionid", tokens.user().getUnionid());
		body.put("redirect_path", redirectPath);
		return json(body);
	}

	/**
	 * Return a {@code 200} JSON answer that holds tokens or personal data: never cached.
	 * @param body the members of the JSON object
	 * @return the answer
	 */
	public static WeChatAnswer json(Map<String, @Nullable Object> body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(HttpHeaders.CONTENT_TYPE, JSON_UTF8);
		headers.put(HttpHeaders.CACHE_CONTROL, "no-store");
		headers.put(HttpHeaders.PRAGMA, "no-cache");
		return new WeChatAnswer(HttpStatus.OK.value(), headers, JSON.writeValueAsBytes(body));
	}

	/**
	 * Return a {@code 200} answer with a body of the given content type, cached as given.
	 * @param contentType the content type
	 * @param cacheControl the {@code Cache-Control} header
	 * @param body the body
	 * @return the answer
	 */
	public static WeChatAnswer ok(String contentType, String cacheControl, byte[] body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(HttpHeaders.CONTENT_TYPE, contentType);
		headers.put(HttpHeaders.CACHE_CONTROL, cacheControl);
		return new WeChatAnswer(HttpStatus.OK.value(), headers, body.clone());
	}

	/**
	 * Return {@code 204} without a body.
	 * @return the answer
	 */
	public static WeChatAnswer noContent() {
		return new WeChatAnswer(HttpStatus.NO_CONTENT.value(), Map.of(), new byte[0]);
	}

	/**
	 * Return this answer with one more header.
	 * @param name the header name
	 * @param value the header value
	 * @return a new answer
	 */
	public WeChatAnswer withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new WeChatAnswer(this.status, headers, this.body);
	}

	/**
	 * Return the status code.
	 * @return the status code
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Return the headers, the content type among them, in the order they are written.
	 * @return the headers
	 */
	public Map<String, String> getHeaders() {
		return java.util.Collections.unmodifiableMap(this.headers);
	}

	/**
	 * Return the body.
	 * @return a copy of the body, empty if there is none
	 */
	public byte[] getBody() {
		return this.body.clone();
	}

	/**
	 * Return the size of the body.
	 * @return the number of bytes of the body
	 */
	public int getBodySize() {
		return this.body.length;
	}

	/**
	 * Write the body, without a copy.
	 * @param sink what takes the bytes
	 */
	public void writeBody(BodySink sink) throws java.io.IOException {
		if (this.body.length > 0) {
			sink.write(this.body);
		}
	}

	/**
	 * What an answer's body is written to.
	 */
	@FunctionalInterface
	public interface BodySink {

		/**
		 * Take the body.
		 * @param body the bytes, not to be modified
		 * @throws java.io.IOException if they cannot be written
		 */
		void write(byte[] body) throws java.io.IOException;

	}

}
