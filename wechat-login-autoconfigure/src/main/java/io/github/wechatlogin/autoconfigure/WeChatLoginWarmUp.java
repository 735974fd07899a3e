package io.github.wechatlogin.autoconfigure;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;

/**
 * Creates the {@link Deferred deferred} parts (the WeChat API's HTTP client, the JWT encoder and
 * decoder) on a background thread once the application is ready, so that neither the start-up
 * nor, usually, the first login pays for them. A failure is left to the first use, which reports
 * it.
 *
 * @author wechat-login developers
 */
final class WeChatLoginWarmUp implements ApplicationListener<ApplicationReadyEvent> {

	static final String THREAD_NAME = "wechat-login-warm-up";

	private static final Log logger = LogFactory.getLog(WeChatLoginWarmUp.class);

	private final Supplier<? extends List<?>> candidates;

	private final ThreadFactory threadFactory;

	/**
	 * Create a warm-up of those of the given parts that are {@link Deferred}; the others, such as
	 * an application's own {@code JwtEncoder}, are left alone.
	 * @param candidates the parts, looked up when the application is ready
	 */
	WeChatLoginWarmUp(Supplier<? extends List<?>> candidates) {
		this(candidates, WeChatLoginWarmUp::newThread);
	}

	/**
	 * Create a warm-up that runs on a thread of the given factory.
	 * @param candidates the parts, looked up when the application is ready
	 * @param threadFactory the factory of the warm-up's thread, {@link #newThread(Runnable)}
	 * unless a test needs to follow the thread
	 */
	WeChatLoginWarmUp(Supplier<? extends List<?>> candidates, ThreadFactory threadFactory) {
		Assert.notNull(candidates, "candidates cannot be null");
		Assert.notNull(threadFactory, "threadFactory cannot be null");
		this.candidates = candidates;
		this.threadFactory = threadFactory;
	}

	/**
	 * Create the warm-up's thread: a daemon thread named {@value #THREAD_NAME}, not started.
	 * @param warmUp what the thread runs
	 * @return the thread
	 */
	static Thread newThread(Runnable warmUp) {
		Thread thread = new Thread(warmUp, THREAD_NAME);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.threadFactory.newThread(this::prepareAll).start();
	}

	private void prepareAll() {
		List<?> parts;
		try {
			parts = this.candidates.get();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not look up the parts to prepare; their first use will say why", ex);
			return;
		}
		for (Object part : parts) {
			if (part instanceof Deferred<?> deferred) {
				try {
					deferred.prepare();
				}
				catch (RuntimeException ex) {
					logger.debug("Could not prepare " + part.getClass().getSimpleName()
							+ "; its first use will say why", ex);
				}
			}
		}
	}

}
