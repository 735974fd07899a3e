package io.github.wechatlogin.benchmarks.flood;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntConsumer;

import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.core.Hashes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.token.InMemoryWeChatRefreshTokenStore;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatRefreshToken;

import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The heap each in-memory store takes at its default bound of 100,000 entries (heap used after
 * a full GC, minus the same before), with public API only, so that it runs against any version of
 * the library. Refresh tokens carry a user like the ones the starter stores (openid, unionid,
 * one authority). Run with G1 (the default collector) and a heap large enough, -Xms2g -Xmx2g.
 */
public final class StoreFootprint {

	private static final int ENTRIES = 100_000;

	private StoreFootprint() {
	}

	public static void main(String[] args) {
		WeChatRegistration registration = WeChatRegistration.withRegistrationId("default")
			.appId("wx-demo-mini-program")
			.secret("secret")
			.build();
		Clock clock = Clock.systemUTC();
		Instant now = clock.instant();
		InMemoryWeChatCodeGuard[] guard = new InMemoryWeChatCodeGuard[1];
		measure("code guard (claims)", () -> guard[0] = new InMemoryWeChatCodeGuard(ENTRIES, clock),
				(i) -> guard[0].claim(registration, "code-" + i));
		InMemoryWeChatRefreshTokenStore[] tokens = new InMemoryWeChatRefreshTokenStore[1];
		measure("refresh-token store (live tokens)",
				() -> tokens[0] = new InMemoryWeChatRefreshTokenStore(ENTRIES, clock), (i) -> {
					WeChatUser user = WeChatUser.withRegistration("default", "wx-demo-mini-program")
						.identity((identity) -> identity.openid("o-" + Hashes.sha256("openid-" + i).substring(0, 26)).unionid("u-" + Hashes.sha256("unionid-" + i).substring(0, 26)))
						.authorities(AuthorityUtils.createAuthorityList("ROLE_USER"))
						.build();
					tokens[0].save(new WeChatRefreshToken(Hashes.sha256("token-" + i), "family-" + i, user, now,
							now.plus(Duration.ofDays(30))));
				});
		InMemoryWeChatTokenRevocationStore[] revocations = new InMemoryWeChatTokenRevocationStore[1];
		measure("revocation store (revoked jti)",
				() -> revocations[0] = new InMemoryWeChatTokenRevocationStore(ENTRIES, clock),
				(i) -> revocations[0].revoke("jti:" + java.util.UUID.nameUUIDFromBytes(new byte[] { (byte) i,
						(byte) (i >> 8), (byte) (i >> 16) }), now.plus(Duration.ofHours(2))));
		// keep them reachable until here
		System.out.println("kept " + (guard[0] != null) + (tokens[0] != null) + (revocations[0] != null));
	}

	private static void measure(String name, Runnable create, IntConsumer add) {
		long before = used();
		create.run();
		for (int i = 0; i < ENTRIES; i++) {
			add.accept(i);
		}
		long after = used();
		System.out.printf("RESULT store=\"%s\" entries=%d heap_mb=%.1f bytes_per_entry=%d%n", name, ENTRIES,
				(after - before) / 1e6, (after - before) / ENTRIES);
	}

	private static long used() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
