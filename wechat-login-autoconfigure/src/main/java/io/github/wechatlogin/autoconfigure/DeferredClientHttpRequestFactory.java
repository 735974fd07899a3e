package io.github.wechatlogin.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * A {@link ClientHttpRequestFactory} created on first use, or by {@link WeChatLoginWarmUp} once
 * the application is ready: creating the JDK {@code HttpClient} (its TLS context above all) loads
 * some 300 classes and costs around 100 ms of CPU, which would otherwise add to the application's
 * start-up, even on a background thread when the machine has few CPUs.
 *
 * @author wechat-login developers
 */
final class DeferredClientHttpRequestFactory implements ClientHttpRequestFactory, Deferred {

	private final SingletonSupplier<ClientHttpRequestFactory> factory;

	DeferredClientHttpRequestFactory(Supplier<ClientHttpRequestFactory> factory) {
		Assert.notNull(factory, "factory cannot be null");
		this.factory = SingletonSupplier.of(factory);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		ClientHttpRequestFactory factory;
		try {
			factory = this.factory.obtain();
		}
		catch (RuntimeException ex) {
			throw new IOException("The HTTP client could not be created", ex);
		}
		return factory.createRequest(uri, httpMethod);
	}

	@Override
	public void prepare() {
		this.factory.obtain();
	}

}
