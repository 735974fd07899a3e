package io.github.wechatlogin.web.server;

import java.util.Map;

import io.github.wechatlogin.web.WeChatRequestBodies;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads the fields of a request body with the rules of {@link WeChatRequestBodies}, without
 * blocking: the query string and the {@code Content-Type} are checked first, a declared
 * {@code Content-Length} over the limit is refused before any byte is read, and the body's
 * {@link DataBuffer}s are joined only up to the limit ({@link DataBufferUtils#join(org.reactivestreams.Publisher, int)}
 * fails, releasing them, as soon as more arrive).
 *
 * @author wechat-login developers
 */
final class ServerRequestBodies {

	private ServerRequestBodies() {
	}

	static Mono<Map<String, @Nullable String>> read(ServerHttpRequest request, int maxBodySize, String... names) {
		return Mono.defer(() -> {
			WeChatRequestBodies.refuseQueryParameters(request.getURI().getRawQuery(), names);
			boolean json = WeChatRequestBodies.isJson(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
			WeChatRequestBodies.refuseOversized(request.getHeaders().getContentLength(), maxBodySize);
			return DataBufferUtils.join(request.getBody(), maxBodySize)
				.map(ServerRequestBodies::bytes)
				.defaultIfEmpty(new byte[0])
				.onErrorMap(DataBufferLimitException.class, (ex) -> WeChatRequestBodies.tooLarge())
				.map((body) -> json ? WeChatRequestBodies.readJson(body, names)
						: WeChatRequestBodies.readForm(body, names));
		});
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
