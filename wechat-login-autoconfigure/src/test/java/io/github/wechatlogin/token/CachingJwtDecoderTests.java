package io.github.wechatlogin.token;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wechatlogin.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CachingJwtDecoder}, with a scripted delegate (a seam this project owns).
 */
class CachingJwtDecoderTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final AtomicInteger decodes = new AtomicInteger();

	private final JwtDecoder delegate = (token) -> {
		this.decodes.incrementAndGet();
		if (token.startsWith("bad")) {
			throw new BadJwtException("bad");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "HS256")
			.subject("s")
			.issuedAt(this.clock.instant())
			.expiresAt(this.clock.instant().plus(Duration.ofMinutes(10)))
			.build();
	};

	private final CachingJwtDecoder decoder = new CachingJwtDecoder(this.delegate, 3);

	CachingJwtDecoderTests() {
		this.decoder.setClock(this.clock);
	}

	@Test
	void decodeWhenSameTokenAgainThenDelegateAskedOnce() {
		Jwt first = this.decoder.decode("t1");
		assertThat(this.decoder.decode("t1")).isSameAs(first);
		assertThat(this.decodes).hasValue(1);
	}

	@Test
	void decodeWhenRememberedTokenExpiredThenDelegateAskedAgain() {
		this.decoder.decode("t1");
		this.clock.advance(Duration.ofMinutes(10));
		this.decoder.decode("t1");
		assertThat(this.decodes).hasValue(2);
	}

	@Test
	void decodeWhenDelegateRefusesThenNeverRemembered() {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("bad-1"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("bad-1"));
		assertThat(this.decodes).hasValue(2);
	}

	@Test
	void decodeWhenFullThenStartsOverAndStaysBounded() {
		for (int i = 0; i < 10; i++) {
			this.decoder.decode("t" + i);
		}
		this.decoder.decode("t9");
		assertThat(this.decodes).hasValue(10);
		this.decoder.decode("t0");
		assertThat(this.decodes).hasValue(11);
	}

}
