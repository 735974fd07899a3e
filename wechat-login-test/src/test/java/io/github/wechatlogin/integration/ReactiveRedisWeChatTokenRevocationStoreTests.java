package io.github.wechatlogin.integration;

import java.time.Duration;
import java.time.Instant;

import io.github.wechatlogin.redis.ReactiveRedisWeChatTokenRevocationStore;
import io.github.wechatlogin.redis.RedisWeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReactiveRedisWeChatTokenRevocationStore} against a real Redis: it sees what the
 * blocking {@link RedisWeChatTokenRevocationStore} revoked (the same keys), without blocking, and
 * a Redis outage answers an error, then fails fast.
 */
class ReactiveRedisWeChatTokenRevocationStoreTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static RedisTestConnections redisConnections;

	private static RedisServer redis;

	private static StringRedisTemplate template;

	private final RedisWeChatTokenRevocationStore blocking = new RedisWeChatTokenRevocationStore(template,
			"wechat-login:");

	private final ReactiveRedisWeChatTokenRevocationStore store = new ReactiveRedisWeChatTokenRevocationStore(
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
	void isRevokedWhenRevokedByBlockingStoreThenTrueAndOtherIdsFalse() {
		StepVerifier.create(this.store.isRevoked("jti:a")).expectNext(false).expectComplete().verify(WAIT);
		this.blocking.revoke("jti:a", Instant.now().plusSeconds(60));
		assertThat(template.hasKey("wechat-login:revoked:jti:a")).isTrue();
		StepVerifier.create(this.store.isRevoked("jti:a")).expectNext(true).expectComplete().verify(WAIT);
		StepVerifier.create(this.store.isRevoked("sid:a")).expectNext(false).expectComplete().verify(WAIT);
	}

	@Test
	void isRevokedWhenSubscribedOnNonBlockingThreadThenCompletesOffBoundedElastic() {
		this.blocking.revoke("sid:nb", Instant.now().plusSeconds(60));
		Scheduler nonBlocking = Schedulers.newParallel("non-blocking", 1);
		try {
			StepVerifier.create(this.store.isRevoked("sid:nb")
				.map((revoked) -> revoked + " " + Thread.currentThread().getName())
				.subscribeOn(nonBlocking))
				.assertNext((answer) -> assertThat(answer).startsWith("true ").doesNotContain("boundedElastic"))
				.expectComplete()
				.verify(WAIT);
		}
		finally {
			nonBlocking.dispose();
		}
	}

	@Test
	void isRevokedWhenRedisDownThenStoreExceptionThenFailsFast() throws Exception {
		redis.stop();
		try {
			StepVerifier.create(this.store.isRevoked("jti:down"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(WeChatTokenStoreException.class)
					.hasMessageContaining("during revocation check"))
				.verify(WAIT);
			long start = System.nanoTime();
			StepVerifier.create(this.store.isRevoked("jti:down"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(WeChatTokenStoreException.class)
					.hasMessageContaining("not attempted"))
				.verify(WAIT);
			// without failing fast it would wait for Redis again (a refused connection, or the 2 s command timeout)
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
		}
		finally {
			redis.restart();
		}
	}

}
