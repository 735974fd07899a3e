package io.github.wechatlogin.session;

import java.time.Duration;
import java.time.Instant;

import io.github.wechatlogin.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryWeChatSessionKeyStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryWeChatSessionKeyStore store = new InMemoryWeChatSessionKeyStore(3, Duration.ofHours(1),
			this.clock);

	@Test
	void saveWhenUserLogsInAgainThenNewKeyReplacesTheOld() {
		this.store.save("default", "o-1", "key-1", this.clock.instant());
		this.store.save("default", "o-1", "key-2", this.clock.instant());
		assertThat(this.store.find("default", "o-1")).isEqualTo("key-2");
	}

	@Test
	void findWhenOtherRegistrationOrUserThenNothing() {
		this.store.save("default", "o-1", "key-1", this.clock.instant());
		assertThat(this.store.find("classic", "o-1")).isNull();
		assertThat(this.store.find("default", "o-2")).isNull();
	}

	@Test
	void removeWhenLoggedOutThenForgotten() {
		this.store.save("default", "o-1", "key-1", this.clock.instant());
		this.store.remove("default", "o-1");
		assertThat(this.store.find("default", "o-1")).isNull();
	}

	@Test
	void saveWhenAnEntryOfALaterExchangeIsKeptThenNotReplaced() {
		Instant earlier = this.clock.instant();
		Instant later = earlier.plusMillis(5);
		assertThat(this.store.save("default", "o-1", "key-later", later)).isTrue();
		// the login that started first saves last (two instances)
		assertThat(this.store.save("default", "o-1", "key-earlier", earlier)).isFalse();
		assertThat(this.store.find("default", "o-1")).isEqualTo("key-later");
		assertThat(this.store.save("default", "o-1", "key-next", later.plusMillis(1))).isTrue();
		assertThat(this.store.find("default", "o-1")).isEqualTo("key-next");
	}

	@Test
	void removeWhenExpectedKeyThenOnlyThatKeyForgotten() {
		this.store.save("default", "o-1", "key-1", this.clock.instant());
		assertThat(this.store.remove("default", "o-1", "key-0")).isFalse();
		assertThat(this.store.find("default", "o-1")).isEqualTo("key-1");
		assertThat(this.store.remove("default", "o-1", "key-1")).isTrue();
		assertThat(this.store.find("default", "o-1")).isNull();
		assertThat(this.store.remove("default", "o-1", "key-1")).isFalse();
	}

	@Test
	void findWhenTimeToLivePassedThenNothing() {
		this.store.save("default", "o-1", "key-1", this.clock.instant());
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.store.find("default", "o-1")).isEqualTo("key-1");
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.store.find("default", "o-1")).isNull();
	}

	@Test
	void saveWhenFullThenBoundedAndToStringShowsNoKey() {
		for (int i = 0; i < 20; i++) {
			this.store.save("default", "o-" + i, "secret-key-" + i, this.clock.instant());
		}
		this.store.find("default", "o-19");
		assertThat(this.store.toString()).doesNotContain("secret-key").doesNotContain("o-1");
		long kept = java.util.stream.IntStream.range(0, 20)
			.filter((i) -> this.store.find("default", "o-" + i) != null)
			.count();
		assertThat(kept).isLessThanOrEqualTo(3);
	}

}
