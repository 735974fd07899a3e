package io.github.wechatlogin.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.MutableClock;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InMemoryWeChatCodeGuard}, with a clock the tests move.
 */
class InMemoryWeChatCodeGuardTests {

	private static final WeChatRegistration REGISTRATION = registration("wx-a");

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final InMemoryWeChatCodeGuard guard = new InMemoryWeChatCodeGuard(1000, this.clock);

	@Test
	void claimWhenFirstThenTrueAndReplayFalse() {
		assertThat(this.guard.claim(REGISTRATION, "code")).isTrue();
		assertThat(this.guard.claim(REGISTRATION, "code")).isFalse();
		assertThat(this.guard.claim(REGISTRATION, "other")).isTrue();
	}

	@Test
	void claimWhenSameCodeForAnotherAppThenTrue() {
		assertThat(this.guard.claim(REGISTRATION, "code")).isTrue();
		assertThat(this.guard.claim(registration("wx-b"), "code")).isTrue();
	}

	@Test
	void claimWhenCodeLifetimePassedThenClaimableAgain() {
		assertThat(this.guard.claim(REGISTRATION, "code")).isTrue();
		this.clock.advance(InMemoryWeChatCodeGuard.CODE_LIFETIME.minusNanos(1));
		assertThat(this.guard.claim(REGISTRATION, "code")).isFalse();
		this.clock.advance(Duration.ofNanos(1));
		assertThat(this.guard.claim(REGISTRATION, "code")).isTrue();
	}

	@Test
	void claimWhenLifetimePassedThenExpiredClaimsDropped() {
		for (int i = 0; i < 500; i++) {
			this.guard.claim(REGISTRATION, "code-" + i);
		}
		assertThat(this.guard.size()).isEqualTo(500);
		// the timer wheel drops an expired entry up to about a second late: well past it, none
		this.clock.advance(InMemoryWeChatCodeGuard.CODE_LIFETIME.plusSeconds(2));
		assertThat(this.guard.size()).isZero();
	}

	@Test
	void releaseThenClaimableAgain() {
		assertThat(this.guard.claim(REGISTRATION, "code")).isTrue();
		this.guard.release(REGISTRATION, "code");
		assertThat(this.guard.claim(REGISTRATION, "code")).isTrue();
		assertThat(this.guard.claim(REGISTRATION, "code")).isFalse();
	}

	@Test
	void claimWhenFullThenNeverRefusedAndBoundHeld() {
		InMemoryWeChatCodeGuard small = new InMemoryWeChatCodeGuard(100, this.clock);
		for (int i = 0; i < 5000; i++) {
			assertThat(small.claim(REGISTRATION, "code-" + i)).as("claim %d", i).isTrue();
		}
		// Caffeine chose which claims to drop (W-TinyLFU, not the oldest); 100 are left
		assertThat(small.size()).isEqualTo(100);
	}

	@Test
	void claimWhenConcurrentClaimsOfTheSameCodeThenExactlyOneWins() throws Exception {
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 200; round++) {
				String code = "code-" + round;
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Boolean>> claims = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					claims.add(executor.submit(() -> {
						start.await();
						return this.guard.claim(REGISTRATION, code);
					}));
				}
				start.countDown();
				int won = 0;
				for (Future<Boolean> claim : claims) {
					if (claim.get(10, TimeUnit.SECONDS)) {
						won++;
					}
				}
				assertThat(won).as("round %d", round).isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void constructorWhenBoundNotPositiveThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryWeChatCodeGuard(0, this.clock));
	}

	@Test
	void keyWhenCodeGivenThenAppIdAndHashNeverTheCode() {
		assertThat(InMemoryWeChatCodeGuard.key(REGISTRATION, "the-code")).startsWith("wx-a:")
			.doesNotContain("the-code");
	}

	private static WeChatRegistration registration(String appId) {
		return WeChatRegistration.withRegistrationId("r-" + appId).appId(appId).secret("s").build();
	}

}
