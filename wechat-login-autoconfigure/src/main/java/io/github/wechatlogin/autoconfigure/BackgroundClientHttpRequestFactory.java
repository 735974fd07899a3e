package io.github.wechatlogin.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * A {@link ClientHttpRequestFactory} built in the background: creating the JDK
 * {@code HttpClient} (its TLS context above all) costs around 100 ms, which would otherwise add
 * to the application's start-up. The first request waits for it if it is not ready yet.
 *
 * @author wechat-login developers
 */
final class BackgroundClientHttpRequestFactory implements ClientHttpRequestFactory {

	private final CompletableFuture<ClientHttpRequestFactory> delegate;

	BackgroundClientHttpRequestFactory(Supplier<ClientHttpRequestFactory> factory) {
		this.delegate = CompletableFuture.supplyAsync(factory);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		ClientHttpRequestFactory factory;
		try {
			factory = this.delegate.join();
		}
		catch (CompletionException ex) {
			throw new IOException("The HTTP client could not be created", ex.getCause());
		}
		return factory.createRequest(uri, httpMethod);
	}

}
