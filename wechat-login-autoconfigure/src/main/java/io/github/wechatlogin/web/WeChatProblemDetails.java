package io.github.wechatlogin.web;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes errors as {@code application/problem+json} (RFC 9457) with the members {@code type},
 * {@code title}, {@code status}, {@code detail} and {@code error}, and maps each
 * {@link WeChatErrorCodes error code} to its HTTP status.
 *
 * @author wechat-login developers
 */
public final class WeChatProblemDetails {

	private static final JsonMapper JSON = JsonMapper.shared();

	private WeChatProblemDetails() {
	}

	/**
	 * Return the HTTP status of an error code: {@code invalid_request} 400,
	 * {@code invalid_code} 401, {@code user_blocked} 403, {@code rate_limited} 429,
	 * {@code upstream_unavailable} 503, {@code server_misconfigured} 500, and 401 for any other.
	 * @param errorCode the error code
	 * @return the status
	 */
	public static HttpStatus statusOf(String errorCode) {
		return switch (errorCode) {
			case WeChatErrorCodes.INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
			case WeChatErrorCodes.USER_BLOCKED -> HttpStatus.FORBIDDEN;
			case WeChatErrorCodes.RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
			case WeChatErrorCodes.UPSTREAM_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case WeChatErrorCodes.SERVER_MISCONFIGURED -> HttpStatus.INTERNAL_SERVER_ERROR;
			default -> HttpStatus.UNAUTHORIZED;
		};
	}

	/**
	 * Write an error with the status of its code, and its {@code Retry-After} if it has one.
	 * @param response the response
	 * @param error the error
	 * @throws IOException if the response cannot be written
	 */
	public static void write(HttpServletResponse response, WeChatError error) throws IOException {
		write(response, statusOf(error.getErrorCode()), error);
	}

	/**
	 * Write an error with the given status, and its {@code Retry-After} if it has one.
	 * @param response the response
	 * @param status the status
	 * @param error the error
	 * @throws IOException if the response cannot be written
	 */
	public static void write(HttpServletResponse response, HttpStatus status, WeChatError error)
			throws IOException {
		Duration retryAfter = error.getRetryAfter();
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", (error.getDescription() != null) ? error.getDescription() : status.getReasonPhrase());
		problem.put("error", error.getErrorCode());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (retryAfter != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		response.getOutputStream().write(JSON.writeValueAsBytes(problem));
		response.flushBuffer();
	}

	/**
	 * Answer a request of a {@code POST}-only endpoint that came with another method:
	 * {@code 405} with {@code Allow: POST} and an {@code invalid_request} problem that says
	 * what to do.
	 * @param request the request
	 * @param response the response
	 * @param action what the endpoint does, for the detail (such as {@code "Log in"})
	 * @return {@code true} if the request was answered, {@code false} if it is a {@code POST}
	 * @throws IOException if the response cannot be written
	 */
	static boolean rejectUnlessPost(HttpServletRequest request, HttpServletResponse response, String action)
			throws IOException {
		if (HttpMethod.POST.matches(request.getMethod())) {
			return false;
		}
		response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
		write(response, HttpStatus.METHOD_NOT_ALLOWED,
				new WeChatError(WeChatErrorCodes.INVALID_REQUEST, action + " with POST"));
		return true;
	}

}
