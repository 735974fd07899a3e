package io.github.wechatlogin.autoconfigure;

import java.util.function.Supplier;

import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * A part whose costly creation (class loading, TLS set-up) is deferred from the start-up to its
 * first use, or to {@link WeChatLoginWarmUp} once the application is ready. Subclasses implement
 * the part's interface by calling {@link #delegate()}.
 *
 * @param <T> the type of the part
 * @author wechat-login developers
 */
abstract class Deferred<T> {

	private final SingletonSupplier<T> delegate;

	private volatile boolean created;

	Deferred(Supplier<T> delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = SingletonSupplier.of(() -> {
			T part = delegate.get();
			this.created = true;
			return part;
		});
	}

	/**
	 * Whether the part was created.
	 */
	final boolean isCreated() {
		return this.created;
	}

	/**
	 * Return the part, creating it if not done yet.
	 * @return the part
	 */
	final T delegate() {
		return this.delegate.obtain();
	}

	/**
	 * Create the part now, if not done yet.
	 */
	final void prepare() {
		this.delegate.obtain();
	}

}
