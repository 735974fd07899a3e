package io.github.wechatlogin.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Copies a {@link WeChatAnswer} onto a servlet response: the servlet side's only writer.
 *
 * @author wechat-login developers
 */
final class ServletAnswers {

	private ServletAnswers() {
	}

	static void write(HttpServletResponse response, WeChatAnswer answer) throws IOException {
		response.setStatus(answer.getStatus());
		for (var header : answer.getHeaders().entrySet()) {
			if (HttpHeaders.CONTENT_TYPE.equals(header.getKey())) {
				response.setContentType(header.getValue());
			}
			else {
				response.setHeader(header.getKey(), header.getValue());
			}
		}
		if (answer.getBodySize() > 0) {
			answer.writeBody(response.getOutputStream()::write);
			response.flushBuffer();
		}
	}

}
