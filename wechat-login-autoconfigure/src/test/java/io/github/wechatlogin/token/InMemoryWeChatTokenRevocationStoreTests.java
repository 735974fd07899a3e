package io.github.wechatlogin.token;

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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InMemoryWeChatTokenRevocationStore}, with a clock the tests move.
 */
class InMemoryWeChatTokenRevocationStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	@Test
	void isRevokedWhenRevokedThenUntilItsInstant() {
		InMemoryWeChatTokenRevocationStore store = new InMemoryWeChatTokenRevocationStore(10, this.clock);
		store.revoke("jti:a", this.clock.instant().plus(Duration.ofHours(2)));
		store.revoke("sid:b", this.clock.instant().plus(Duration.ofDays(30)));
		assertThat(store.isRevoked("jti:a")).isTrue();
		assertThat(store.isRevoked("jti:other")).isFalse();
		this.clock.advance(Duration.ofHours(2).minusNanos(1));
		assertThat(store.isRevoked("jti:a")).isTrue();
		this.clock.advance(Duration.ofNanos(1));
		assertThat(store.isRevoked("jti:a")).isFalse();
		assertThat(store.isRevoked("sid:b")).isTrue();
	}

	@Test
	void revokeWhenFullOfLiveRevocationsThenRefusedAndNoneForgotten() {
		InMemoryWeChatTokenRevocationStore store = new InMemoryWeChatTokenRevocationStore(1000, this.clock);
		for (int i = 0; i < 1000; i++) {
			store.revoke("id-" + i, this.clock.instant().plus(Duration.ofDays(30)));
		}
		assertThatExceptionOfType(WeChatTokenStoreException.class)
			.isThrownBy(() -> store.revoke("one-more", this.clock.instant().plus(Duration.ofDays(30))))
			.withMessageContaining("1000 live revocations");
		assertThat(store.isRevoked("one-more")).isFalse();
		for (int i = 0; i < 1000; i++) {
			assertThat(store.isRevoked("id-" + i)).as("id-%d", i).isTrue();
		}
		// revoking an id again takes no new place
		store.revoke("id-7", this.clock.instant().plus(Duration.ofDays(31)));
		assertThat(store.size()).isEqualTo(1000);
	}

	@Test
	void revokeWhenFullButEntriesJustExpiredThenAccepted() {
		// Caffeine's timer wheel drops an entry that expired since its last maintenance only once
		// the clock has moved on by about a second (2^30 ns): the bound must count live
		// revocations, not the entries Caffeine still holds
		for (int offset = 0; offset < 20; offset++) {
			MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z").plusMillis(offset * 53L));
			InMemoryWeChatTokenRevocationStore store = new InMemoryWeChatTokenRevocationStore(100, clock);
			Instant expiry = clock.instant().plus(Duration.ofSeconds(60));
			for (int i = 0; i < 99; i++) {
				store.revoke("id-" + i, expiry);
			}
			clock.advance(Duration.ofSeconds(60).minusMillis(1));
			store.revoke("id-99", expiry.plus(Duration.ofHours(1)));
			clock.advance(Duration.ofMillis(2));
			store.revoke("new", clock.instant().plus(Duration.ofSeconds(60)));
			assertThat(store.isRevoked("new")).isTrue();
			assertThat(store.isRevoked("id-0")).isFalse();
			assertThat(store.size()).isEqualTo(2);
		}
	}

	@Test
	void revokeWhenFullThenAcceptedAgainOnceTheSoonestExpires() {
		InMemoryWeChatTokenRevocationStore store = new InMemoryWeChatTokenRevocationStore(3, this.clock);
		store.revoke("a", this.clock.instant().plus(Duration.ofHours(3)));
		store.revoke("b", this.clock.instant().plus(Duration.ofHours(1)));
		store.revoke("c", this.clock.instant().plus(Duration.ofHours(2)));
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(WeChatTokenStoreException.class)
				.isThrownBy(() -> store.revoke("d", this.clock.instant().plus(Duration.ofHours(1))));
			this.clock.advance(Duration.ofMinutes(10));
		}
		this.clock.advance(Duration.ofMinutes(30).minusNanos(1));
		assertThatExceptionOfType(WeChatTokenStoreException.class)
			.isThrownBy(() -> store.revoke("d", this.clock.instant().plus(Duration.ofHours(1))));
		this.clock.advance(Duration.ofNanos(1));
		store.revoke("d", this.clock.instant().plus(Duration.ofHours(1)));
		assertThat(store.isRevoked("b")).isFalse();
		assertThat(store.isRevoked("d")).isTrue();
	}

	@Test
	void revokeWhenFullAndAnIdRevokedAgainSoonerThenAcceptedOnceThatExpires() {
		InMemoryWeChatTokenRevocationStore store = new InMemoryWeChatTokenRevocationStore(2, this.clock);
		store.revoke("a", this.clock.instant().plus(Duration.ofHours(2)));
		store.revoke("b", this.clock.instant().plus(Duration.ofHours(2)));
		assertThatExceptionOfType(WeChatTokenStoreException.class)
			.isThrownBy(() -> store.revoke("c", this.clock.instant().plus(Duration.ofHours(2))));
		// revoking an id again takes no new place, even when full, and sets its new expiry
		store.revoke("a", this.clock.instant().plus(Duration.ofMinutes(5)));
		this.clock.advance(Duration.ofMinutes(5));
		store.revoke("c", this.clock.instant().plus(Duration.ofHours(2)));
		assertThat(store.isRevoked("a")).isFalse();
		assertThat(store.isRevoked("c")).isTrue();
	}

	@Test
	void revokeWhenConcurrentAtTheBoundThenExactlyTheBoundAccepted() throws Exception {
		InMemoryWeChatTokenRevocationStore store = new InMemoryWeChatTokenRevocationStore(100, this.clock);
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> accepted = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				accepted.add(executor.submit(() -> {
					start.await();
					int count = 0;
					for (int i = 0; i < 50; i++) {
						try {
							store.revoke("t" + thread + "-" + i, this.clock.instant().plus(Duration.ofHours(1)));
							count++;
						}
						catch (WeChatTokenStoreException ex) {
							// full
						}
					}
					return count;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> count : accepted) {
				total += count.get(10, TimeUnit.SECONDS);
			}
			assertThat(total).isEqualTo(100);
			assertThat(store.size()).isEqualTo(100);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void constructorWhenBoundNotPositiveThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryWeChatTokenRevocationStore(0, this.clock));
	}

}
