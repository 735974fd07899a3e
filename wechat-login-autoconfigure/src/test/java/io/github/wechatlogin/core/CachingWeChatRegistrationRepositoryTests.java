package io.github.wechatlogin.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachingWeChatRegistrationRepositoryTests {

	private final CountingRepository rows = new CountingRepository();

	private final CachingWeChatRegistrationRepository cache = new CachingWeChatRegistrationRepository(this.rows,
			Duration.ofHours(1), 100);

	@Test
	void findWhenCachedThenDelegateAskedOnce() {
		this.rows.put(registration("a", "secret-1"));
		assertThat(this.cache.findByRegistrationId("a").getSecret()).isEqualTo("secret-1");
		assertThat(this.cache.findByRegistrationId("a").getSecret()).isEqualTo("secret-1");
		assertThat(this.rows.lookups.get()).isEqualTo(1);
	}

	@Test
	void findWhenUnknownThenMissRememberedAndBounded() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.cache.findByRegistrationId("nope")).isNull();
		}
		assertThat(this.rows.lookups.get()).isEqualTo(1);
		for (int i = 0; i < 1_000; i++) {
			this.cache.findByRegistrationId("random-" + i);
		}
		this.rows.put(registration("a", "secret-1"));
		this.cache.findByRegistrationId("a");
		// a flood of unknown ids neither grows the cache without bound nor pushes known ones out
		assertThat(this.cache.size()).isLessThanOrEqualTo(250);
		int lookups = this.rows.lookups.get();
		assertThat(this.cache.findByRegistrationId("a")).isNotNull();
		assertThat(this.rows.lookups.get()).isEqualTo(lookups);
	}

	@Test
	void evictWhenRowChangedThenNextLookupSeesTheChange() {
		this.rows.put(registration("a", "secret-1"));
		this.cache.findByRegistrationId("a");
		assertThat(this.cache.findByRegistrationId("b")).isNull();
		this.rows.put(registration("a", "secret-2"));
		this.rows.put(registration("b", "secret-3"));
		assertThat(this.cache.findByRegistrationId("a").getSecret()).isEqualTo("secret-1");
		this.cache.evict("a");
		assertThat(this.cache.findByRegistrationId("a").getSecret()).isEqualTo("secret-2");
		assertThat(this.cache.findByRegistrationId("b")).isNull();
		this.cache.evictAll();
		assertThat(this.cache.findByRegistrationId("b")).isNotNull();
	}

	@Test
	void findWhenTimeToLiveZeroThenDelegateAskedEachTime() {
		CachingWeChatRegistrationRepository uncached = new CachingWeChatRegistrationRepository(this.rows,
				Duration.ZERO, 100);
		this.rows.put(registration("a", "secret-1"));
		uncached.findByRegistrationId("a");
		uncached.findByRegistrationId("a");
		assertThat(this.rows.lookups.get()).isEqualTo(2);
	}

	@Test
	void compositeWhenSameIdInBothThenTheFirstWinsAndIsListedOnce() {
		InMemoryWeChatRegistrationRepository fixed = new InMemoryWeChatRegistrationRepository(
				registration("a", "fixed"));
		this.rows.put(registration("a", "row"));
		this.rows.put(registration("b", "row"));
		CompositeWeChatRegistrationRepository composite = new CompositeWeChatRegistrationRepository(
				List.of(fixed, this.rows));
		assertThat(composite.findByRegistrationId("a").getSecret()).isEqualTo("fixed");
		assertThat(composite.findByRegistrationId("b").getSecret()).isEqualTo("row");
		List<String> secrets = new ArrayList<>();
		composite.forEach((registration) -> secrets.add(registration.getSecret()));
		assertThat(secrets).containsExactly("fixed", "row");
	}

	@Test
	void evictWhenDuringTheReadOfAMissThenTheMissIsNotRemembered() throws Exception {
		// the eviction waits for the read (one load per id) and races the remembering of the miss:
		// repeated, so that a miss remembered after the eviction would show
		for (int i = 0; i < 50; i++) {
			CountingRepository rows = new CountingRepository();
			java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
			java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
			WeChatRegistrationRepository slow = new WeChatRegistrationRepository() {
				@Override
				public @Nullable WeChatRegistration findByRegistrationId(String registrationId) {
					WeChatRegistration found = rows.findByRegistrationId(registrationId);
					if (reading.getCount() > 0) {
						reading.countDown();
						try {
							release.await();
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					}
					return found;
				}

				@Override
				public java.util.Iterator<WeChatRegistration> iterator() {
					return rows.iterator();
				}
			};
			CachingWeChatRegistrationRepository cache = new CachingWeChatRegistrationRepository(slow,
					Duration.ofHours(1), 100);
			java.util.concurrent.CompletableFuture<WeChatRegistration> lookup = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> cache.findByRegistrationId("a"));
			assertThat(reading.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			// the row is inserted and the change announced while the miss is being read
			rows.put(registration("a", "secret-1"));
			Thread evicting = new Thread(() -> cache.evict("a"));
			evicting.start();
			while (evicting.getState() != Thread.State.BLOCKED && evicting.isAlive()) {
				Thread.onSpinWait();
			}
			release.countDown();
			assertThat(lookup.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNull();
			evicting.join(5_000);
			assertThat(cache.findByRegistrationId("a")).as("attempt %d", i).isNotNull();
		}
	}

	@Test
	void fingerprintWhenSecretRotatedThenAnotherCacheKeyThatHidesTheSecret() {
		WeChatRegistration before = registration("a", "secret-1");
		WeChatRegistration after = registration("a", "secret-2");
		assertThat(before.getAccessTokenCacheKey()).startsWith("wx-a:").isNotEqualTo(after.getAccessTokenCacheKey());
		assertThat(before.getAccessTokenCacheKey()).isEqualTo(registration("a", "secret-1").getAccessTokenCacheKey())
			.doesNotContain("secret");
		assertThat(before.toString()).doesNotContain("secret-1");
	}

	private static WeChatRegistration registration(String id, String secret) {
		return WeChatRegistration.withRegistrationId(id).appId("wx-" + id).secret(secret).build();
	}

	private static final class CountingRepository implements WeChatRegistrationRepository {

		private final Map<String, WeChatRegistration> rows = new ConcurrentHashMap<>();

		private final AtomicInteger lookups = new AtomicInteger();

		void put(WeChatRegistration registration) {
			this.rows.put(registration.getRegistrationId(), registration);
		}

		@Override
		public @Nullable WeChatRegistration findByRegistrationId(String registrationId) {
			this.lookups.incrementAndGet();
			return this.rows.get(registrationId);
		}

		@Override
		public java.util.Iterator<WeChatRegistration> iterator() {
			return new java.util.TreeMap<>(this.rows).values().iterator();
		}

	}

}
