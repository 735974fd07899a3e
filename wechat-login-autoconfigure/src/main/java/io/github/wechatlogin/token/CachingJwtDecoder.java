package io.github.wechatlogin.token;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;

/**
 * A {@link JwtDecoder} that remembers the tokens its delegate accepted, so that a client sending
 * the same access token on every request pays for the signature check and the validators once.
 * A remembered token is answered only while it is unexpired ({@code exp}) and active
 * ({@code nbf}), checked strictly on every hit; anything else goes to the delegate, and tokens
 * the delegate refuses are never remembered. Revocation is not this class's business: the
 * authentication converter checks it on every request.
 * <p>
 * Bounded: when it holds {@code maxEntries} tokens it forgets them all and starts over.
 *
 * @author wechat-login developers
 */
public final class CachingJwtDecoder implements JwtDecoder {

	/**
	 * The default bound.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 10_000;

	private final JwtDecoder delegate;

	private final ConcurrentHashMap<String, Jwt> accepted = new ConcurrentHashMap<>();

	private final int maxEntries;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a decoder with the default bound.
	 * @param delegate the decoder that checks signatures and claims
	 */
	public CachingJwtDecoder(JwtDecoder delegate) {
		this(delegate, DEFAULT_MAX_ENTRIES);
	}

	/**
	 * Create a decoder.
	 * @param delegate the decoder that checks signatures and claims
	 * @param maxEntries the most tokens remembered
	 */
	public CachingJwtDecoder(JwtDecoder delegate, int maxEntries) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		this.delegate = delegate;
		this.maxEntries = maxEntries;
	}

	/**
	 * Set the clock. Defaults to the system UTC clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt = this.accepted.get(token);
		if (jwt != null) {
			if (isCurrent(jwt)) {
				return jwt;
			}
			this.accepted.remove(token, jwt);
		}
		jwt = this.delegate.decode(token);
		if (isCurrent(jwt)) {
			if (this.accepted.size() >= this.maxEntries) {
				this.accepted.clear();
			}
			this.accepted.put(token, jwt);
		}
		return jwt;
	}

	private boolean isCurrent(Jwt jwt) {
		Instant now = this.clock.instant();
		return jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())
				&& (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
	}

}
