package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

/**
 * Writes errors as {@code application/problem+json} (RFC 9457) with the members {@code type},
 * {@code title}, {@code status}, {@code detail} and {@code error}, and maps each
 * {@link WeChatErrorCodes error code} to its HTTP status.
 *
 * @author wechat-login developers
 */
public final class WeChatProblemDetails {

	private WeChatProblemDetails() {
	}

	/**
	 * Return the HTTP status of an error code: {@code invalid_request} 400,
	 * {@code invalid_code} 401, {@code user_blocked} 403, {@code unknown_registration} 404, {@code rate_limited} 429,
	 * {@code upstream_unavailable} 503, {@code server_misconfigured} 500, and 401 for any other.
	 * @param errorCode the error code
	 * @return the status
	 */
	public static HttpStatus statusOf(String errorCode) {
		return switch (errorCode) {
			case WeChatErrorCodes.INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
			case WeChatErrorCodes.USER_BLOCKED -> HttpStatus.FORBIDDEN;
			case WeChatErrorCodes.UNKNOWN_REGISTRATION -> HttpStatus.NOT_FOUND;
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
		ServletAnswers.write(response, WeChatAnswer.problem(status, error));
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
		if (WeChatAnswer.isPost(request.getMethod())) {
			return false;
		}
		ServletAnswers.write(response, WeChatAnswer.methodNotAllowed(action));
		return true;
	}

}
