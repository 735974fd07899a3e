package io.github.wechatlogin.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link DeferredJwtEncoder}, {@link DeferredJwtDecoder},
 * {@link DeferredClientHttpRequestFactory} and {@link WeChatLoginWarmUp}.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeferredPartsTests {

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
	void createRequestWhenFirstUsedThenFactoryCreatedOnceAndNotBefore() throws IOException {
		AtomicInteger created = new AtomicInteger();
		DeferredClientHttpRequestFactory factory = new DeferredClientHttpRequestFactory(() -> {
			created.incrementAndGet();
			return new SimpleClientHttpRequestFactory();
		});
		assertThat(created).hasValue(0);
		assertThat(factory.createRequest(URI.create("http://127.0.0.1:9/x"), HttpMethod.GET).getMethod())
			.isEqualTo(HttpMethod.GET);
		factory.prepare();
		factory.createRequest(URI.create("http://127.0.0.1:9/y"), HttpMethod.POST);
		assertThat(created).hasValue(1);
	}

	@Test
	void createRequestWhenFactoryCannotBeCreatedThenIOException() {
		DeferredClientHttpRequestFactory factory = new DeferredClientHttpRequestFactory(() -> {
			throw new IllegalArgumentException("no");
		});
		assertThatIOException().isThrownBy(() -> factory.createRequest(URI.create("http://127.0.0.1:9/"),
				HttpMethod.GET)).withMessage("The HTTP client could not be created");
	}

	@Test
	void warmUpWhenApplicationReadyThenDeferredPartsCreatedInTheBackground() throws InterruptedException {
		CountDownLatch created = new CountDownLatch(3);
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
		beans.addBean("requestFactory", new DeferredClientHttpRequestFactory(() -> {
			created.countDown();
			return new SimpleClientHttpRequestFactory();
		}));
		WeChatLoginWarmUp warmUp = new WeChatLoginWarmUp(() -> List.of(beans.getBean("encoder"),
				beans.getBean("decoder"), beans.getBean("requestFactory")));
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			warmUp.onApplicationEvent(
					new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
		}
		assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(thread).hasValue(WeChatLoginWarmUp.THREAD_NAME);
	}

	@Test
	void warmUpWhenPartsAreTheApplicationsThenLeavesThemAlone() throws InterruptedException {
		AtomicInteger used = new AtomicInteger();
		JwtEncoder applicationEncoder = (parameters) -> {
			used.incrementAndGet();
			return JWT;
		};
		// prepared after the application's encoder, so its preparation means the warm-up is done
		CountDownLatch done = new CountDownLatch(1);
		DeferredJwtDecoder last = new DeferredJwtDecoder(() -> {
			done.countDown();
			return (token) -> JWT;
		});
		WeChatLoginWarmUp warmUp = new WeChatLoginWarmUp(() -> List.of(applicationEncoder, last));
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			warmUp.onApplicationEvent(
					new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(used).hasValue(0);
	}

	@Test
	void warmUpWhenLookupFailsThenLoggedAtDebugOnTheWarmUpThreadAndNothingThrown(CapturedOutput output)
			throws InterruptedException {
		WarmUpThreads threads = new WarmUpThreads();
		WeChatLoginWarmUp warmUp = new WeChatLoginWarmUp(() -> {
			throw new IllegalStateException("no bean named 'weChatJwtCodecs'");
		}, threads);
		withWarmUpDebugLogging(() -> {
			assertThatNoException().isThrownBy(() -> ready(warmUp));
			threads.awaitTermination();
		});
		threads.assertOneWarmUpThreadEndedNormally();
		assertThat(linesWith(output, "Could not look up the parts to prepare; their first use will say why"))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("DEBUG");
		assertThat(output).contains("java.lang.IllegalStateException: no bean named 'weChatJwtCodecs'");
	}

	@Test
	void warmUpWhenAPartFailsThenLoggedAtDebugAndTheNextPartsStillPrepared(CapturedOutput output)
			throws InterruptedException {
		AtomicInteger encoderAttempts = new AtomicInteger();
		DeferredJwtEncoder failing = new DeferredJwtEncoder(() -> {
			encoderAttempts.incrementAndGet();
			throw new IllegalStateException("the signing key cannot be read");
		});
		AtomicReference<String> decoderCreatedOn = new AtomicReference<>();
		DeferredJwtDecoder next = new DeferredJwtDecoder(() -> {
			decoderCreatedOn.set(Thread.currentThread().getName());
			return (token) -> JWT;
		});
		AtomicInteger requestFactoriesCreated = new AtomicInteger();
		DeferredClientHttpRequestFactory last = new DeferredClientHttpRequestFactory(() -> {
			requestFactoriesCreated.incrementAndGet();
			return new SimpleClientHttpRequestFactory();
		});
		WarmUpThreads threads = new WarmUpThreads();
		WeChatLoginWarmUp warmUp = new WeChatLoginWarmUp(() -> List.of(failing, next, last), threads);
		withWarmUpDebugLogging(() -> {
			assertThatNoException().isThrownBy(() -> ready(warmUp));
			threads.awaitTermination();
		});
		threads.assertOneWarmUpThreadEndedNormally();
		assertThat(encoderAttempts).hasValue(1);
		assertThat(decoderCreatedOn).hasValue(WeChatLoginWarmUp.THREAD_NAME);
		assertThat(requestFactoriesCreated).hasValue(1);
		assertThat(linesWith(output, "Could not prepare DeferredJwtEncoder; its first use will say why"))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("DEBUG");
		assertThat(output).contains("java.lang.IllegalStateException: the signing key cannot be read");
		// the failure is left to the first use, which reports it
		assertThatIllegalStateException().isThrownBy(() -> failing.encode(PARAMETERS))
			.withMessage("the signing key cannot be read");
		assertThat(encoderAttempts).hasValue(2);
	}

	private static void ready(WeChatLoginWarmUp warmUp) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			warmUp.onApplicationEvent(
					new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
		}
	}

	private static List<String> linesWith(CapturedOutput output, String message) {
		return output.getAll().lines().filter((line) -> line.contains(message)).toList();
	}

	private static void withWarmUpDebugLogging(ThrowingRunnable runnable) throws InterruptedException {
		LoggingSystem loggingSystem = LoggingSystem.get(DeferredPartsTests.class.getClassLoader());
		String logger = WeChatLoginWarmUp.class.getName();
		loggingSystem.setLogLevel(logger, LogLevel.DEBUG);
		try {
			runnable.run();
		}
		finally {
			loggingSystem.setLogLevel(logger, null);
		}
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws InterruptedException;

	}

	/**
	 * Creates the warm-up's threads as the warm-up does by default, and lets a test wait for them
	 * to end and see what they threw.
	 */
	private static final class WarmUpThreads implements ThreadFactory {

		private final List<Thread> threads = new CopyOnWriteArrayList<>();

		private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = WeChatLoginWarmUp.newThread(runnable);
			thread.setUncaughtExceptionHandler((failed, ex) -> this.uncaught.add(ex));
			this.threads.add(thread);
			return thread;
		}

		void awaitTermination() throws InterruptedException {
			for (Thread thread : this.threads) {
				thread.join(TimeUnit.SECONDS.toMillis(30));
			}
		}

		void assertOneWarmUpThreadEndedNormally() {
			assertThat(this.threads).singleElement().satisfies((thread) -> {
				assertThat(thread.getName()).isEqualTo(WeChatLoginWarmUp.THREAD_NAME);
				assertThat(thread.isDaemon()).isTrue();
				assertThat(thread.isAlive()).as("still warming up after 30 s").isFalse();
			});
			assertThat(this.uncaught).as("thrown out of the warm-up thread").isEmpty();
		}

	}

}
