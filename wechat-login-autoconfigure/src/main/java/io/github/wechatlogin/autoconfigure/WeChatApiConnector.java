package io.github.wechatlogin.autoconfigure;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.Assert;

/**
 * The connector of the WeChat API's {@code WebClient} and what frees its resources (Reactor
 * Netty's connection pool of the WeChat client) when the context closes. A holder rather than a
 * {@code ClientHttpConnector} bean, which would turn off Spring Boot's connector of the
 * application's own clients.
 *
 * @author wechat-login developers
 */
final class WeChatApiConnector implements DisposableBean {

	private final ClientHttpConnector connector;

	private final @Nullable Disposable resources;

	WeChatApiConnector(ClientHttpConnector connector, @Nullable Disposable resources) {
		Assert.notNull(connector, "connector cannot be null");
		this.connector = connector;
		this.resources = resources;
	}

	ClientHttpConnector connector() {
		return this.connector;
	}

	/**
	 * Whether the resources were freed (for tests); {@code false} when there are none.
	 */
	boolean isDisposed() {
		return this.resources != null && this.resources.isDisposed();
	}

	@Override
	public void destroy() {
		if (this.resources != null) {
			this.resources.dispose();
		}
	}

}
