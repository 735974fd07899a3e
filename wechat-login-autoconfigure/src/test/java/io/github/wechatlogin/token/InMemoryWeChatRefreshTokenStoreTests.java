package io.github.wechatlogin.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.MutableClock;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatRefreshTokenStore.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InMemoryWeChatRefreshTokenStore}, with a clock the tests move.
 */
@ExtendWith(OutputCaptureExtension.class)
class InMemoryWeChatRefreshTokenStoreTests {

	private static final String FULL_WARNING = "The in-memory refresh token store is full";

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final InMemoryWeChatRefreshTokenStore store = new InMemoryWeChatRefreshTokenStore(1000, this.clock);

	private final WeChatUser user = WeChatUser.withRegistration("default", "wx")
		.identity((identity) -> identity.openid("o-1"))
		.authorities(AuthorityUtils.createAuthorityList("ROLE_USER"))
		.build();

	@Test
	void consumeWhenSavedThenConsumedOnceThenReused() {
		WeChatRefreshToken token = token("h", Duration.ofDays(30));
		this.store.save(token);
		WeChatRefreshTokenStore.Consumption first = this.store.consume("h", this.clock.instant());
		assertThat(first.status()).isEqualTo(Status.CONSUMED);
		assertThat(first.token()).isEqualTo(token);
		WeChatRefreshTokenStore.Consumption second = this.store.consume("h", this.clock.instant());
		assertThat(second.status()).isEqualTo(Status.REUSED);
		assertThat(second.token()).isEqualTo(token);
		assertThat(this.store.consume("unknown", this.clock.instant()).status()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void consumeWhenEachTokenHasItsOwnExpiryThenEachExpiresAtIt() {
		this.store.save(token("short", Duration.ofMinutes(10)));
		this.store.save(token("long", Duration.ofDays(30)));
		this.clock.advance(Duration.ofMinutes(10).minusNanos(1));
		assertThat(this.store.consume("short", this.clock.instant()).status()).isEqualTo(Status.CONSUMED);
		this.store.save(token("short-2", Duration.ofNanos(1)));
		this.clock.advance(Duration.ofNanos(1));
		assertThat(this.store.consume("short-2", this.clock.instant()).status()).isEqualTo(Status.UNKNOWN);
		this.clock.advance(Duration.ofDays(30).minusMinutes(10).minusNanos(1));
		assertThat(this.store.consume("long", this.clock.instant()).status()).isEqualTo(Status.CONSUMED);
	}

	@Test
	void consumeWhenTokenExpiredThenUnknownAndEntryDropped() {
		this.store.save(token("h", Duration.ofHours(1)));
		this.store.save(token("kept", Duration.ofDays(1)));
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.store.consume("h", this.clock.instant()).status()).isEqualTo(Status.UNKNOWN);
		// the timer wheel drops an expired entry up to about a second late: well past it, gone
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.store.size()).isEqualTo(1);
	}

	@Test
	void consumeWhenUsedThenRecognizedAsReuseForTheRetentionThenUnknown() {
		this.store.save(token("h", Duration.ofDays(30)));
		this.store.consume("h", this.clock.instant());
		this.clock.advance(Duration.ofHours(24).minusNanos(1));
		assertThat(this.store.consume("h", this.clock.instant()).status()).isEqualTo(Status.REUSED);
		this.clock.advance(Duration.ofNanos(1));
		assertThat(this.store.consume("h", this.clock.instant()).status()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void consumeWhenReusedAgainThenRetentionNotExtended() {
		this.store.save(token("h", Duration.ofDays(30)));
		this.store.consume("h", this.clock.instant());
		this.clock.advance(Duration.ofHours(23));
		assertThat(this.store.consume("h", this.clock.instant()).status()).isEqualTo(Status.REUSED);
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.store.consume("h", this.clock.instant()).status()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void consumeWhenUsedTokenExpiresBeforeTheRetentionThenForgottenAtItsExpiry() {
		this.store.save(token("h", Duration.ofHours(1)));
		this.store.consume("h", this.clock.instant());
		this.clock.advance(Duration.ofHours(1).minusNanos(1));
		assertThat(this.store.consume("h", this.clock.instant()).status()).isEqualTo(Status.REUSED);
		this.clock.advance(Duration.ofNanos(1));
		assertThat(this.store.consume("h", this.clock.instant()).status()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void consumeWhenRetentionSetShorterThenUsedTokenForgottenSooner() {
		this.store.setUsedTokenRetention(Duration.ofMinutes(5));
		this.store.save(token("h", Duration.ofDays(30)));
		this.store.consume("h", this.clock.instant());
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.store.consume("h", this.clock.instant()).status()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void saveWhenFullThenNeverFailsBoundHeldAndDroppedTokensRefused(CapturedOutput output) {
		InMemoryWeChatRefreshTokenStore small = new InMemoryWeChatRefreshTokenStore(50, this.clock);
		for (int i = 0; i < 500; i++) {
			small.save(token("h" + i, Duration.ofDays(30)));
		}
		assertThat(small.size()).isEqualTo(50);
		Map<Status, Integer> outcomes = new TreeMap<>();
		for (int i = 0; i < 500; i++) {
			outcomes.merge(small.consume("h" + i, this.clock.instant()).status(), 1, Integer::sum);
		}
		// which 50 are kept is Caffeine's choice (W-TinyLFU); the others are unknown, never accepted
		assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of(Status.CONSUMED, 50, Status.UNKNOWN, 450));
		// one warning for all those drops: at most one a minute
		assertThat(output.getAll().split(FULL_WARNING, -1)).hasSize(2);
		// the consumed tokens left the live cache: fill it again, and past it, within the minute
		for (int i = 0; i < 51; i++) {
			small.save(token("later" + i, Duration.ofDays(30)));
		}
		assertThat(output.getAll().split(FULL_WARNING, -1)).hasSize(2);
		this.clock.advance(Duration.ofMinutes(1));
		small.save(token("a-minute-later", Duration.ofDays(30)));
		assertThat(output.getAll().split(FULL_WARNING, -1)).hasSize(3);
	}

	@Test
	void consumeWhenManyTokensUsedThenLiveTokensOfOtherSessionsKept() {
		InMemoryWeChatRefreshTokenStore small = new InMemoryWeChatRefreshTokenStore(50, this.clock);
		for (int i = 0; i < 40; i++) {
			small.save(token("idle" + i, Duration.ofDays(30)));
		}
		// a few busy sessions rotate their tokens: 500 used tokens, never more than 45 live ones
		for (int i = 0; i < 500; i++) {
			small.save(token("busy" + i, Duration.ofDays(30)));
			if (i >= 5) {
				assertThat(small.consume("busy" + (i - 5), this.clock.instant()).status()).isEqualTo(Status.CONSUMED);
			}
		}
		for (int i = 0; i < 40; i++) {
			assertThat(small.consume("idle" + i, this.clock.instant()).status()).as("idle%d", i)
				.isEqualTo(Status.CONSUMED);
		}
		// the used tokens have a bound of their own: some of them are still recognized, 50 at most
		Map<Status, Integer> used = new TreeMap<>();
		for (int i = 0; i < 495; i++) {
			used.merge(small.consume("busy" + i, this.clock.instant()).status(), 1, Integer::sum);
		}
		assertThat(used.keySet()).containsExactlyInAnyOrder(Status.REUSED, Status.UNKNOWN);
		assertThat(used.get(Status.REUSED)).isBetween(1, 50);
	}

	@Test
	void consumeWhenConcurrentThenExactlyOneConsumed() throws Exception {
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 200; round++) {
				String hash = "h" + round;
				this.store.save(token(hash, Duration.ofDays(30)));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Status>> consumptions = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					consumptions.add(executor.submit(() -> {
						start.await();
						return this.store.consume(hash, this.clock.instant()).status();
					}));
				}
				start.countDown();
				Map<Status, Integer> outcomes = new TreeMap<>();
				for (Future<Status> consumption : consumptions) {
					outcomes.merge(consumption.get(10, TimeUnit.SECONDS), 1, Integer::sum);
				}
				assertThat(outcomes).as("round %d", round)
					.containsExactlyInAnyOrderEntriesOf(Map.of(Status.CONSUMED, 1, Status.REUSED, threads - 1));
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void constructorWhenBoundNotPositiveThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryWeChatRefreshTokenStore(0, this.clock));
	}

	private WeChatRefreshToken token(String hash, Duration lifetime) {
		return new WeChatRefreshToken(hash, "family", this.user, this.clock.instant(),
				this.clock.instant().plus(lifetime));
	}

}
