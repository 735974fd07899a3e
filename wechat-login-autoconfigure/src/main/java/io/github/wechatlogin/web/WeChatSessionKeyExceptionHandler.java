package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.session.WeChatSessionKeyException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers a {@link WeChatSessionKeyException} thrown by a Spring MVC controller with its error as
 * {@code application/problem+json} (the {@link WeChatProblemDetails} of every other WeChat login
 * error: {@code type}, {@code title}, {@code status}, {@code detail}, {@code error}), instead of
 * the error page. It has the lowest precedence, so a handler of the application's for this
 * exception (or a superclass) wins; {@code wechat.login.session-key.exception-handler=false}
 * removes it.
 *
 * @author wechat-login developers
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public final class WeChatSessionKeyExceptionHandler {

	/**
	 * Write the error.
	 * @param ex the exception
	 * @param response the response
	 * @throws IOException if the response cannot be written
	 */
	@ExceptionHandler(WeChatSessionKeyException.class)
	public void handle(WeChatSessionKeyException ex, HttpServletResponse response) throws IOException {
		WeChatProblemDetails.write(response, ex.getError());
	}

}
