package io.github.wechatlogin.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.util.Assert;

/**
 * Creates the {@link DeferredJwtEncoder deferred} encoder and decoder on a background thread once
 * the application is ready, so that neither the start-up nor, usually, the first login pays for
 * it. A failure is left to the first use, which reports it.
 *
 * @author wechat-login developers
 */
final class WeChatLoginJwtWarmUp implements ApplicationListener<ApplicationReadyEvent> {

	static final String THREAD_NAME = "wechat-login-jwt-warm-up";

	private static final Log logger = LogFactory.getLog(WeChatLoginJwtWarmUp.class);

	private final ObjectProvider<JwtEncoder> encoders;

	private final ObjectProvider<JwtDecoder> decoders;

	WeChatLoginJwtWarmUp(ObjectProvider<JwtEncoder> encoders, ObjectProvider<JwtDecoder> decoders) {
		Assert.notNull(encoders, "encoders cannot be null");
		Assert.notNull(decoders, "decoders cannot be null");
		this.encoders = encoders;
		this.decoders = decoders;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		List<Runnable> tasks = new ArrayList<>();
		this.encoders.orderedStream().forEach((encoder) -> {
			if (encoder instanceof DeferredJwtEncoder deferred) {
				tasks.add(deferred::prepare);
			}
		});
		this.decoders.orderedStream().forEach((decoder) -> {
			if (decoder instanceof DeferredJwtDecoder deferred) {
				tasks.add(deferred::prepare);
			}
		});
		if (tasks.isEmpty()) {
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				tasks.forEach(Runnable::run);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not prepare the JWT encoder and decoder; their first use will say why", ex);
			}
		}, THREAD_NAME);
		thread.setDaemon(true);
		thread.start();
	}

}
