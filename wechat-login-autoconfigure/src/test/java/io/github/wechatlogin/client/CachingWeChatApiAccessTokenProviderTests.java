package io.github.wechatlogin.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.MutableClock;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CachingWeChatApiAccessTokenProvider}, with a scripted
 * {@link WeChatApiAccessTokenClient} (the seam this class owns).
 */
class CachingWeChatApiAccessTokenProviderTests {

	private static final WeChatRegistration APP = WeChatRegistration.withRegistrationId("default")
		.appId("wx-a")
		.secret("s")
		.build();

	private static final WeChatRegistration OTHER_APP = WeChatRegistration.withRegistrationId("other")
		.appId("wx-b")
		.secret("s")
		.build();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final ScriptedClient client = new ScriptedClient(this.clock);

	private final CachingWeChatApiAccessTokenProvider provider = new CachingWeChatApiAccessTokenProvider(this.client);

	CachingWeChatApiAccessTokenProviderTests() {
		this.provider.setClock(this.clock);
	}

	@Test
	void getAccessTokenWhenCachedThenNoSecondFetch() {
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-1");
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-1");
		assertThat(this.client.fetches).hasValue(1);
	}

	@Test
	void getAccessTokenWhenSecretRotatedThenTheOldSecretsTokenIsForgotten() {
		for (int i = 0; i < 20; i++) {
			WeChatRegistration rotated = WeChatRegistration.withRegistrationId("default")
				.appId("wx-a")
				.secret("s-" + i)
				.build();
			this.provider.getAccessToken(rotated);
		}
		this.provider.getAccessToken(OTHER_APP);
		// one token per app, not one per secret it ever had
		assertThat(this.provider.entries()).isEqualTo(2);
	}

	@Test
	void getAccessTokenWhenOtherAppThenOwnToken() {
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-1");
		assertThat(this.provider.getAccessToken(OTHER_APP)).isEqualTo("token-2");
		assertThat(this.client.fetches).hasValue(2);
	}

	@Test
	void getAccessTokenWhenNearExpiryThenRefetched() {
		this.provider.getAccessToken(APP);
		this.clock.advance(Duration.ofSeconds(7200 - 301));
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-1");
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-2");
	}

	@Test
	void getAccessTokenWhenShortLivedTokenThenRefreshedAtHalfLife() {
		this.client.expiresIn = Duration.ofSeconds(60);
		this.provider.getAccessToken(APP);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-1");
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-2");
	}

	@Test
	void invalidateWhenCachedTokenThenNextCallFetchesAgain() {
		this.provider.getAccessToken(APP);
		this.provider.invalidate(APP, "token-1");
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-2");
		assertThat(this.client.forced).containsExactly(false, false);
	}

	@Test
	void invalidateWhenOtherTokenThenCachedTokenKept() {
		this.provider.getAccessToken(APP);
		this.provider.invalidate(APP, "stale-token");
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-1");
		assertThat(this.client.fetches).hasValue(1);
	}

	@Test
	void invalidateWhenWeChatAnswersSameTokenAgainThenForceRefreshOnce() {
		this.client.repeatNext = true;
		this.provider.getAccessToken(APP);
		this.provider.invalidate(APP, "token-1");
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-2");
		assertThat(this.client.forced).containsExactly(false, false, true);
	}

	@Test
	void getAccessTokenWhenFetchFailsThenSameErrorDuringBackoffAndWeChatAskedAgainAfter() {
		this.client.failNext = true;
		assertThatExceptionOfType(WeChatApiException.class).isThrownBy(() -> this.provider.getAccessToken(APP));
		assertThatExceptionOfType(WeChatApiException.class).isThrownBy(() -> this.provider.getAccessToken(APP));
		assertThat(this.client.forced).hasSize(1);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-1");
		assertThat(this.client.forced).hasSize(2);
	}

	@Test
	void getAccessTokenWhenBackoffOffThenNextCallTriesAgain() {
		this.provider.setFailureBackoff(Duration.ZERO);
		this.client.failNext = true;
		assertThatExceptionOfType(WeChatApiException.class).isThrownBy(() -> this.provider.getAccessToken(APP));
		assertThat(this.provider.getAccessToken(APP)).isEqualTo("token-1");
	}

	@Test
	void getAccessTokenWhenManyConcurrentCallersThenOneFetch() throws Exception {
		this.client.latency = Duration.ofMillis(200);
		assertThat(concurrently(50)).allMatch("token-1"::equals);
		assertThat(this.client.fetches).hasValue(1);
	}

	@Test
	void getAccessTokenWhenConcurrentFetchFailsThenEveryWaiterGetsTheFailure() throws Exception {
		this.client.latency = Duration.ofMillis(200);
		this.client.failNext = true;
		ExecutorService executor = Executors.newFixedThreadPool(10);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				results.add(executor.submit(() -> {
					start.await();
					return this.provider.getAccessToken(APP);
				}));
			}
			start.countDown();
			int failures = 0;
			for (Future<String> result : results) {
				try {
					result.get(5, TimeUnit.SECONDS);
				}
				catch (java.util.concurrent.ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(WeChatApiException.class);
					failures++;
				}
			}
			assertThat(this.client.fetches.get()).isLessThanOrEqualTo(10 - failures + 1);
			assertThat(failures).isPositive();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void getAccessTokenWhenFetchOutlivesMaxWaitThenWaiterGetsUpstreamUnavailable() throws Exception {
		this.provider.setMaxWait(Duration.ofMillis(100));
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch fetching = new CountDownLatch(1);
			CountDownLatch answer = new CountDownLatch(1);
			// the fetch goes on until the waiter has given up, however slow the machine
			this.client.onFetch = () -> {
				fetching.countDown();
				await(answer);
			};
			Future<String> first = executor.submit(() -> this.provider.getAccessToken(APP));
			assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();
			assertThatExceptionOfType(WeChatApiException.class).isThrownBy(() -> this.provider.getAccessToken(APP))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode())
					.isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE));
			answer.countDown();
			assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("token-1");
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void getAccessTokenWhenFetchFailsWithAnErrorThenWaiterFailsAtOnceNotAfterMaxWait() throws Exception {
		this.provider.setMaxWait(Duration.ofMinutes(10));
		CountDownLatch fetching = new CountDownLatch(1);
		CountDownLatch fail = new CountDownLatch(1);
		this.client.onFetch = () -> {
			fetching.countDown();
			await(fail);
			throw new AssertionError("an Error inside the fetch");
		};
		CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> this.provider.getAccessToken(APP));
		assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> waiter = new CompletableFuture<>();
		Thread waiting = new Thread(() -> {
			try {
				waiter.complete(this.provider.getAccessToken(APP));
			}
			catch (Throwable ex) {
				waiter.completeExceptionally(ex);
			}
		});
		waiting.start();
		// the waiter is parked on the running fetch (up to maxWait, 10 minutes)
		while (waiting.isAlive() && waiting.getState() != Thread.State.TIMED_WAITING) {
			Thread.onSpinWait();
		}
		fail.countDown();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(30, TimeUnit.SECONDS))
			.withCauseInstanceOf(AssertionError.class);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> waiter.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(WeChatApiException.class, (ex) -> assertThat(ex.getError().getErrorCode())
				.isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE));
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private List<String> concurrently(int callers) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				results.add(executor.submit(() -> {
					start.await();
					return this.provider.getAccessToken(APP);
				}));
			}
			start.countDown();
			List<String> tokens = new ArrayList<>();
			for (Future<String> result : results) {
				tokens.add(result.get(10, TimeUnit.SECONDS));
			}
			return tokens;
		}
		finally {
			executor.shutdownNow();
		}
	}

	static final class ScriptedClient implements WeChatApiAccessTokenClient {

		final AtomicInteger fetches = new AtomicInteger();

		final List<Boolean> forced = new java.util.concurrent.CopyOnWriteArrayList<>();

		final Clock clock;

		volatile Duration expiresIn = Duration.ofSeconds(7200);

		volatile Duration latency = Duration.ZERO;

		volatile boolean failNext;

		volatile boolean repeatNext;

		volatile Runnable onFetch = () -> {
		};

		private volatile String last;

		ScriptedClient(Clock clock) {
			this.clock = clock;
		}

		@Override
		public WeChatApiAccessToken fetch(WeChatRegistration registration, boolean forceRefresh) {
			this.forced.add(forceRefresh);
			this.onFetch.run();
			sleep(this.latency);
			if (this.failNext) {
				this.failNext = false;
				throw new WeChatApiException(new WeChatError(WeChatErrorCodes.UPSTREAM_UNAVAILABLE), -1,
						Duration.ofSeconds(5), "scripted failure");
			}
			String value;
			if (this.repeatNext && this.last != null && !forceRefresh) {
				this.repeatNext = false;
				value = this.last;
			}
			else {
				value = "token-" + this.fetches.incrementAndGet();
			}
			this.last = value;
			return new WeChatApiAccessToken(value, this.clock.instant().plus(this.expiresIn));
		}

		private static void sleep(Duration duration) {
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
