package io.github.wechatlogin.web.server;

import io.github.wechatlogin.web.WeChatAnswer;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Copies a {@link WeChatAnswer} onto a reactive response: the reactive side's only writer.
 *
 * @author wechat-login developers
 */
final class ServerAnswers {

	private ServerAnswers() {
	}

	static Mono<Void> write(ServerWebExchange exchange, WeChatAnswer answer) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.valueOf(answer.getStatus()));
		answer.getHeaders().forEach(response.getHeaders()::set);
		if (answer.getBodySize() == 0) {
			return response.setComplete();
		}
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(answer.getBody())));
	}

}
