package io.github.wechatlogin.benchmarks.jmh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The in-memory stores alone at their default bound of 100,000 entries, with the public API
 * only, so that the same source runs against any version of the library (run-store-jmh.sh
 * compiles it against a given jar):
 * <ul>
 * <li>{@code claimWhenFull}: the used-code guard full of live claims takes a new one (what a
 * junk code costs the guard where junk is kept, and every login once the guard is full);</li>
 * <li>{@code claimAndRelease}: a new claim given back at once (what a junk code costs where
 * WeChat's invalid-code answer gives the claim back), guard full;</li>
 * <li>{@code revoke} and {@code isRevoked}: the revocation store holding 100,000 live
 * revocations minus a few, one more revoked (and given back, so that the store stays below its
 * bound), and a lookup that hits;</li>
 * <li>{@code revokeWhenFull}: the revocation store full of live revocations refuses one more,
 * again and again;</li>
 * <li>{@code revokeWhenFullAfterAChange}: the same, right after an id already revoked is revoked
 * again (so that the store has to count its live entries anew).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.AverageTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

	static final int ENTRIES = 100_000;

	private static final WeChatRegistration REGISTRATION = WeChatRegistration.withRegistrationId("default")
		.appId("wx-bench")
		.secret("bench-secret")
		.build();

	private InMemoryWeChatCodeGuard fullGuard;

	private InMemoryWeChatTokenRevocationStore revocations;

	private InMemoryWeChatTokenRevocationStore fullRevocations;

	private long next;

	private final String[] revoked = new String[1024];

	private int lookup;

	@Setup(Level.Trial)
	public void setUp() {
		this.fullGuard = new InMemoryWeChatCodeGuard(ENTRIES, Clock.systemUTC());
		for (int i = 0; i < ENTRIES; i++) {
			this.fullGuard.claim(REGISTRATION, "prefill-" + i);
		}
		Instant until = Instant.now().plus(Duration.ofDays(30));
		this.revocations = new InMemoryWeChatTokenRevocationStore(ENTRIES, Clock.systemUTC());
		for (int i = 0; i < ENTRIES - 10; i++) {
			this.revocations.revoke("jti:" + i, until);
		}
		for (int i = 0; i < this.revoked.length; i++) {
			this.revoked[i] = "jti:" + (i * 97);
		}
		this.fullRevocations = new InMemoryWeChatTokenRevocationStore(ENTRIES, Clock.systemUTC());
		for (int i = 0; i < ENTRIES; i++) {
			this.fullRevocations.revoke("jti:" + i, until);
		}
	}

	@Benchmark
	public boolean claimWhenFull() {
		return this.fullGuard.claim(REGISTRATION, "code-" + (this.next++));
	}

	@Benchmark
	public boolean claimAndRelease() {
		String code = "junk-" + (this.next++);
		boolean claimed = this.fullGuard.claim(REGISTRATION, code);
		this.fullGuard.release(REGISTRATION, code);
		return claimed;
	}

	@Benchmark
	public boolean revoke() {
		// revoking the same few ids again keeps the store below its bound
		String id = "sid:" + ((this.next++) & 7);
		this.revocations.revoke(id, Instant.now().plus(Duration.ofHours(2)));
		return true;
	}

	@Benchmark
	public boolean isRevoked() {
		return this.revocations.isRevoked(this.revoked[(this.lookup++) & 1023]);
	}

	@Benchmark
	public boolean revokeWhenFullAfterAChange() {
		Instant until = Instant.now().plus(Duration.ofDays(30));
		this.fullRevocations.revoke("jti:" + ((this.next++) % ENTRIES), until);
		try {
			this.fullRevocations.revoke("one-more-" + this.next, until);
			return true;
		}
		catch (WeChatTokenStoreException ex) {
			return false;
		}
	}

	@Benchmark
	public boolean revokeWhenFull() {
		try {
			this.fullRevocations.revoke("one-more-" + (this.next++), Instant.now().plus(Duration.ofHours(2)));
			return true;
		}
		catch (WeChatTokenStoreException ex) {
			return false;
		}
	}

}
