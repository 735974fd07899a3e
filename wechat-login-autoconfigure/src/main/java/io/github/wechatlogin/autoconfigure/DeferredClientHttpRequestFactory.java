package io.github.wechatlogin.autoconfigure;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * A {@link ClientHttpRequestFactory} created on first use, or by {@link WeChatLoginWarmUp} once
 * the application is ready: creating the JDK {@code HttpClient} (its TLS context above all) loads
 * some 300 classes and costs around 100 ms of CPU, which would otherwise add to the application's
 * start-up, even on a background thread when the machine has few CPUs.
 *
 * @author wechat-login developers
 */
final class DeferredClientHttpRequestFactory extends Deferred<ClientHttpRequestFactory>
		implements ClientHttpRequestFactory, DisposableBean {

	DeferredClientHttpRequestFactory(Supplier<ClientHttpRequestFactory> factory) {
		super(factory);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		ClientHttpRequestFactory factory;
		try {
			factory = delegate();
		}
		catch (RuntimeException ex) {
			throw new IOException("The HTTP client could not be created", ex);
		}
		return factory.createRequest(uri, httpMethod);
	}

	/**
	 * Close the factory's client (its connection pool), if it was created and has one.
	 */
	@Override
	public void destroy() throws IOException {
		if (isCreated() && delegate() instanceof Closeable closeable) {
			closeable.close();
		}
	}

}
