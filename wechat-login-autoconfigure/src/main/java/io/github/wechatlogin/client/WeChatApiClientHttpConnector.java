package io.github.wechatlogin.client;

import java.net.URI;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.Assert;

/**
 * A {@link ClientHttpConnector} that tells the WeChat API clients whether a request was handed to
 * the connection, so that a call that fails before (a connection pool that had no connection to
 * give within its wait, a whole-call timeout that was up while the request still waited for one)
 * is known not to have reached WeChat: its code is given back
 * ({@link WeChatApiException.CodeOutcome#NOT_REDEEMED}). Without it, such a failure is
 * {@link WeChatApiException.CodeOutcome#POSSIBLY_REDEEMED}, as any failure that may have followed
 * the sending.
 * <p>
 * The request counts as handed over when the delegate asks for its body: Reactor Netty's
 * connector does so once it holds a connection; the JDK's before it asks for one, so with it a
 * call counts as sent from its start (which is the safe side).
 *
 * @author wechat-login developers
 */
public final class WeChatApiClientHttpConnector implements ClientHttpConnector {

	private final ClientHttpConnector delegate;

	/**
	 * Create a new instance.
	 * @param delegate the connector that carries the requests
	 */
	public WeChatApiClientHttpConnector(ClientHttpConnector delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.deferContextual((context) -> {
			Sending sending = Sending.of(context);
			if (sending != null) {
				sending.tracked = true;
			}
			return this.delegate.connect(method, uri, (request) -> {
				if (sending != null) {
					sending.sent = true;
				}
				return requestCallback.apply(request);
			});
		});
	}

	/**
	 * What a call knows of its request's sending, kept in the subscriber's context by
	 * {@link WebClientWeChatApiCaller}.
	 */
	static final class Sending {

		static final String CONTEXT_KEY = Sending.class.getName();

		/**
		 * Whether a {@link WeChatApiClientHttpConnector} carries the call (so that
		 * {@link #sent} means something).
		 */
		volatile boolean tracked;

		volatile boolean sent;

		static @Nullable Sending of(ContextView context) {
			return context.getOrDefault(CONTEXT_KEY, null);
		}

		/**
		 * Whether the request is known not to have been handed to a connection.
		 */
		boolean knownUnsent() {
			return this.tracked && !this.sent;
		}

	}

}
