package io.github.wechatlogin.session;

import java.io.Serial;
import java.time.Duration;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A {@link WeChatSessionKeys} call that cannot be answered, with a {@link WeChatError} safe to
 * show to the client: {@code invalid_request} (400) for data that cannot be decrypted or
 * verified, {@code session_key_missing} (401) when no key is kept for the user,
 * {@code upstream_unavailable} (503, with {@code Retry-After}) and {@code server_misconfigured}
 * (500).
 * <p>
 * It is an {@link ErrorResponseException}: its body is a {@link ProblemDetail} with the member
 * {@code error}, so that Spring MVC's and WebFlux's problem details support render it as such; the
 * auto-configuration also registers a fallback handler for controllers of Spring MVC (see
 * {@code io.github.wechatlogin.web.WeChatSessionKeyExceptionHandler}). Its message names neither
 * the key nor the data.
 *
 * @author wechat-login developers
 */
public class WeChatSessionKeyException extends ErrorResponseException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final WeChatError error;

	/**
	 * Create a new instance.
	 * @param error the error
	 */
	public WeChatSessionKeyException(WeChatError error) {
		this(error, null);
	}

	/**
	 * Create a new instance.
	 * @param error the error
	 * @param cause the cause, if any; its message must be safe to log
	 */
	public WeChatSessionKeyException(WeChatError error, @Nullable Throwable cause) {
		super(statusOf(error.getErrorCode()), problem(error), cause);
		this.error = error;
		Duration retryAfter = error.getRetryAfter();
		if (retryAfter != null) {
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
	}

	/**
	 * Return the error.
	 * @return the error
	 */
	public WeChatError getError() {
		return this.error;
	}

	@Override
	public String getMessage() {
		return "WeChat session key: " + this.error;
	}

	private static ProblemDetail problem(WeChatError error) {
		HttpStatus status = statusOf(error.getErrorCode());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				(error.getDescription() != null) ? error.getDescription() : status.getReasonPhrase());
		problem.setTitle(status.getReasonPhrase());
		problem.setProperty("error", error.getErrorCode());
		return problem;
	}

	private static HttpStatus statusOf(String errorCode) {
		return switch (errorCode) {
			case WeChatErrorCodes.INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
			case WeChatErrorCodes.UPSTREAM_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case WeChatErrorCodes.SERVER_MISCONFIGURED -> HttpStatus.INTERNAL_SERVER_ERROR;
			case WeChatErrorCodes.RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
			case WeChatErrorCodes.USER_BLOCKED -> HttpStatus.FORBIDDEN;
			default -> HttpStatus.UNAUTHORIZED;
		};
	}

}
