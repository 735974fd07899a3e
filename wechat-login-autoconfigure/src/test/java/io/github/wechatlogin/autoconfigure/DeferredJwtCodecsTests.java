package io.github.wechatlogin.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DeferredJwtEncoder}, {@link DeferredJwtDecoder} and
 * {@link WeChatLoginJwtWarmUp}.
 */
class DeferredJwtCodecsTests {

	private static final Jwt JWT = Jwt.withTokenValue("t").header("alg", "HS256").subject("o").build();

	private static final JwtEncoderParameters PARAMETERS = JwtEncoderParameters
		.from(JwtClaimsSet.builder().subject("o").build());

	@Test
	void encodeWhenFirstUsedThenCreatedOnceAndNotBefore() {
		AtomicInteger created = new AtomicInteger();
		DeferredJwtEncoder encoder = new DeferredJwtEncoder(() -> {
			created.incrementAndGet();
			return (parameters) -> JWT;
		});
		assertThat(created).hasValue(0);
		assertThat(encoder.encode(PARAMETERS)).isSameAs(JWT);
		encoder.prepare();
		assertThat(encoder.encode(PARAMETERS)).isSameAs(JWT);
		assertThat(created).hasValue(1);
	}

	@Test
	void decodeWhenPreparedThenCreatedOnceAndNotBefore() {
		AtomicInteger created = new AtomicInteger();
		DeferredJwtDecoder decoder = new DeferredJwtDecoder(() -> {
			created.incrementAndGet();
			return (token) -> JWT;
		});
		assertThat(created).hasValue(0);
		decoder.prepare();
		assertThat(created).hasValue(1);
		assertThat(decoder.decode("t")).isSameAs(JWT);
		assertThat(created).hasValue(1);
	}

	@Test
	void warmUpWhenApplicationReadyThenDeferredCodecsCreatedInTheBackground() throws InterruptedException {
		CountDownLatch created = new CountDownLatch(2);
		AtomicReference<String> thread = new AtomicReference<>();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("encoder", new DeferredJwtEncoder(() -> {
			thread.set(Thread.currentThread().getName());
			created.countDown();
			return (parameters) -> JWT;
		}));
		beans.addBean("decoder", new DeferredJwtDecoder(() -> {
			created.countDown();
			return (token) -> JWT;
		}));
		WeChatLoginJwtWarmUp warmUp = new WeChatLoginJwtWarmUp(beans.getBeanProvider(JwtEncoder.class),
				beans.getBeanProvider(JwtDecoder.class));
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			warmUp.onApplicationEvent(
					new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
		}
		assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(thread).hasValue(WeChatLoginJwtWarmUp.THREAD_NAME);
	}

	@Test
	void warmUpWhenCodecsAreTheApplicationsThenLeavesThemAlone() {
		AtomicInteger used = new AtomicInteger();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("encoder", (JwtEncoder) (parameters) -> {
			used.incrementAndGet();
			return JWT;
		});
		WeChatLoginJwtWarmUp warmUp = new WeChatLoginJwtWarmUp(beans.getBeanProvider(JwtEncoder.class),
				beans.getBeanProvider(JwtDecoder.class));
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			warmUp.onApplicationEvent(
					new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
		}
		assertThat(used).hasValue(0);
	}

}
