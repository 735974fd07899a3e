package io.github.wechatlogin.reliability;

import java.net.URI;

import net.jqwik.api.lifecycle.AfterContainer;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * {@link HostileInputTests} through the WebFlux application's whole filter chain (a
 * {@code WebTestClient} bound to the application context: its {@code WebFilter}s, Spring
 * Security's among them, and its handlers, without a server in between, as MockMvc for the
 * servlet stack).
 */
class HostileInputReactiveTests extends HostileInputTests {

	private static WebTestClient client;

	@AfterContainer
	static void stop() {
		stop(HostileInputReactiveTests.class);
		client = null;
	}

	@Override
	LoginApp startApp() {
		LoginApp app = LoginApp.start("spring.main.web-application-type=reactive");
		client = WebTestClient.bindToApplicationContext(app.context).configureClient().build();
		return app;
	}

	@Override
	Answer send(LoginApp app, HostileRequest request) {
		EntityExchangeResult<byte[]> result = client.method(request.method())
			.uri(URI.create(request.pathAndQuery()))
			.headers((headers) -> {
				if (request.contentType() != null) {
					headers.set(HttpHeaders.CONTENT_TYPE, request.contentType());
				}
				request.headers().forEach(headers::set);
			})
			// the bytes as they are: no encoder, which would parse the (maybe malformed) Content-Type
			.body(BodyInserters.fromDataBuffers(Mono.fromSupplier(() -> DefaultDataBufferFactory.sharedInstance.wrap(request.body()))))
			.exchange()
			.expectBody()
			.returnResult();
		byte[] body = result.getResponseBody();
		return new Answer(result.getStatus().value(), result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
				(body != null) ? body : new byte[0]);
	}

}
