package io.github.wechatlogin.integration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.redis.ReactiveRedisWeChatCodeGuard;
import io.github.wechatlogin.redis.RedisWeChatCodeGuard;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReactiveRedisWeChatCodeGuard} against a real Redis: a code is claimed once, under the
 * key of the blocking {@link RedisWeChatCodeGuard} (a claim by either is a replay for the other),
 * without blocking, and a Redis outage answers an error, then fails fast.
 */
class ReactiveRedisWeChatCodeGuardTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static RedisTestConnections redisConnections;

	private static RedisServer redis;

	private static StringRedisTemplate template;

	private final WeChatRegistration registration = WeChatRegistration.withRegistrationId("default")
		.type(WeChatAppType.MINI_PROGRAM)
		.appId("wx-rx-guard")
		.secret("rx-guard-secret")
		.build();

	private final ReactiveRedisWeChatCodeGuard guard = new ReactiveRedisWeChatCodeGuard(
			redisConnections.reactiveTemplate(), "wechat-login:");

	@BeforeAll
	static void start() throws Exception {
		redisConnections = RedisTestConnections.start();
		redis = redisConnections.server();
		template = redisConnections.template();
	}

	@AfterAll
	static void stop() throws Exception {
		if (redisConnections != null) {
			redisConnections.close();
		}
	}

	@BeforeEach
	void flush() {
		redisConnections.flushAll();
	}

	@Test
	void claimWhenCodeNewThenTrueThenReplayFalse() {
		StepVerifier.create(this.guard.claim(this.registration, "code-1")).expectNext(true).expectComplete().verify(WAIT);
		StepVerifier.create(this.guard.claim(this.registration, "code-1")).expectNext(false).expectComplete().verify(WAIT);
		StepVerifier.create(this.guard.claim(this.registration, "code-2")).expectNext(true).expectComplete().verify(WAIT);
	}

	@Test
	void claimWhenClaimedThenKeyOfBlockingGuardWithCodeLifetimeAndNoCode() {
		StepVerifier.create(this.guard.claim(this.registration, "code-key")).expectNext(true).expectComplete().verify(WAIT);
		assertThat(template.keys("*")).singleElement().satisfies((key) -> {
			assertThat(key).startsWith("wechat-login:code:wx-rx-guard:").doesNotContain("code-key");
			assertThat(template.getExpire(key, TimeUnit.SECONDS)).isBetween(290L, 300L);
		});
	}

	@Test
	void claimWhenClaimedByBlockingGuardThenReplayAndTheOtherWayRound() {
		RedisWeChatCodeGuard blocking = new RedisWeChatCodeGuard(template, "wechat-login:");
		assertThat(blocking.claim(this.registration, "code-servlet")).isTrue();
		StepVerifier.create(this.guard.claim(this.registration, "code-servlet")).expectNext(false).expectComplete().verify(WAIT);
		StepVerifier.create(this.guard.claim(this.registration, "code-webflux")).expectNext(true).expectComplete().verify(WAIT);
		assertThat(blocking.claim(this.registration, "code-webflux")).isFalse();
	}

	@Test
	void releaseWhenClaimedThenClaimableAgain() {
		StepVerifier.create(this.guard.claim(this.registration, "code-r")).expectNext(true).expectComplete().verify(WAIT);
		StepVerifier.create(this.guard.release(this.registration, "code-r")).expectComplete().verify(WAIT);
		StepVerifier.create(this.guard.claim(this.registration, "code-r")).expectNext(true).expectComplete().verify(WAIT);
	}

	@Test
	void claimWhenSubscribedOnNonBlockingThreadThenCompletesOffBoundedElastic() {
		Scheduler nonBlocking = Schedulers.newParallel("non-blocking", 1);
		try {
			StepVerifier.create(this.guard.claim(this.registration, "code-nb")
				.map((claimed) -> Thread.currentThread().getName())
				.subscribeOn(nonBlocking))
				.assertNext((thread) -> assertThat(thread).doesNotContain("boundedElastic"))
				.expectComplete()
				.verify(WAIT);
			StepVerifier.create(this.guard.release(this.registration, "code-nb").subscribeOn(nonBlocking))
				.expectComplete()
				.verify(WAIT);
		}
		finally {
			nonBlocking.dispose();
		}
	}

	@Test
	void claimWhenRedisDownThenStoreExceptionThenFailsFastThenHeals() throws Exception {
		redis.stop();
		try {
			StepVerifier.create(this.guard.claim(this.registration, "code-down"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(WeChatTokenStoreException.class)
					.hasMessageContaining("during code claim")
					.hasMessageNotContaining("code-down"))
				.verify(WAIT);
			long start = System.nanoTime();
			StepVerifier.create(this.guard.claim(this.registration, "code-down"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(WeChatTokenStoreException.class)
					.hasMessageContaining("not attempted"))
				.verify(WAIT);
			// without failing fast it would wait for Redis again (a refused connection, or the 2 s command timeout)
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
		}
		finally {
			redis.restart();
		}
		Boolean claimed = null;
		for (int attempt = 0; attempt < 50 && claimed == null; attempt++) {
			Thread.sleep(200);
			// an error while Redis is still coming back (or still failing fast) means: try again
			claimed = this.guard.claim(this.registration, "code-healed")
				.onErrorResume(WeChatTokenStoreException.class, (ex) -> Mono.empty())
				.block(WAIT);
		}
		assertThat(claimed).isTrue();
	}

}
