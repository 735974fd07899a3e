package io.github.wechatlogin.autoconfigure;

import java.net.URI;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Keeps the query of the WeChat API's requests (the app secret, the login code, the access
 * token) out of the DEBUG logs of the starter's {@code WebClient}: Spring's
 * {@code ExchangeFunctions} logs the URL of every request, Reactor Netty's
 * {@code HttpClientConnect} the URI of every request it sends, and neither can be told to leave
 * the query out. So the {@link #filter() filter} hands the {@code WebClient} the URL without its
 * query, keeping the whole one in the subscriber's context, and the {@link #connector connector}
 * gives it back: to the JDK client as the request's URI; to Reactor Netty in a header that a
 * handler in the connection's pipeline (see {@code ReactorNettyConnectors}) moves back into the
 * request line just before it is encoded, after every log line.
 *
 * @author wechat-login developers
 */
final class WeChatApiQueryHiding {

	/**
	 * The header that carries the query from the connector to Reactor Netty's pipeline, where it
	 * is removed: it never leaves the process.
	 */
	static final String QUERY_HEADER = "X-WeChat-Login-Hidden-Query";

	private static final String CONTEXT_KEY = WeChatApiQueryHiding.class.getName() + ".uri";

	private WeChatApiQueryHiding() {
	}

	/**
	 * The filter of the starter's {@code WebClient}: the request goes on without its query, the
	 * whole URL in the context.
	 */
	static ExchangeFilterFunction filter() {
		return (request, next) -> {
			URI uri = request.url();
			if (uri.getRawQuery() == null) {
				return next.exchange(request);
			}
			URI withoutQuery = UriComponentsBuilder.fromUri(uri).replaceQuery(null).build(true).toUri();
			return next.exchange(ClientRequest.from(request).url(withoutQuery).build())
				.contextWrite((context) -> context.put(CONTEXT_KEY, uri));
		};
	}

	/**
	 * A connector that gives the request its query back.
	 * @param delegate the connector
	 * @param inHeader whether the query goes in {@link #QUERY_HEADER} (Reactor Netty, whose
	 * pipeline puts it back) rather than in the URI (any other connector)
	 */
	static ClientHttpConnector connector(ClientHttpConnector delegate, boolean inHeader) {
		return new ClientHttpConnector() {

			@Override
			public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
					Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
				return Mono.deferContextual((context) -> {
					URI whole = context.getOrDefault(CONTEXT_KEY, null);
					if (whole == null || !sameTarget(uri, whole)) {
						return delegate.connect(method, uri, requestCallback);
					}
					if (!inHeader) {
						return delegate.connect(method, whole, requestCallback);
					}
					return delegate.connect(method, uri, (request) -> {
						request.getHeaders().set(QUERY_HEADER, whole.getRawQuery());
						return requestCallback.apply(request);
					});
				});
			}

		};
	}

	private static boolean sameTarget(URI withoutQuery, URI whole) {
		return withoutQuery.getRawQuery() == null && String.valueOf(withoutQuery.getRawPath())
			.equals(String.valueOf(whole.getRawPath())) && String.valueOf(withoutQuery.getHost())
			.equals(String.valueOf(whole.getHost())) && withoutQuery.getPort() == whole.getPort();
	}

}
