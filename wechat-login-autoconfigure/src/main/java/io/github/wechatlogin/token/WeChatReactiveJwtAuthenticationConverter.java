package io.github.wechatlogin.token;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.util.Assert;

/**
 * Turns a decoded access token into the same {@link WeChatBearerTokenAuthentication} (principal
 * {@code WeChatUser}) on WebFlux as on the servlet stack, through a
 * {@link WeChatJwtAuthenticationConverter}: for
 * {@code oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.jwtAuthenticationConverter(...)))}.
 *
 * @author wechat-login developers
 */
public final class WeChatReactiveJwtAuthenticationConverter
		implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

	private final WeChatJwtAuthenticationConverter converter;

	private final Scheduler scheduler;

	private @Nullable ReactiveWeChatTokenRevocationStore revocations;

	/**
	 * Create a converter that runs on the caller's thread, right for the in-memory stores and
	 * registrations (CPU only).
	 * @param converter the converter of the servlet stack
	 */
	public WeChatReactiveJwtAuthenticationConverter(WeChatJwtAuthenticationConverter converter) {
		this(converter, Schedulers.immediate());
	}

	/**
	 * Create a converter that runs on the given scheduler: it asks the token service whether a
	 * token is revoked, and the registrations whether its registration still exists; stores or
	 * registrations that block (Redis, a database) need {@link Schedulers#boundedElastic()}.
	 * @param converter the converter of the servlet stack
	 * @param scheduler where the converter runs
	 */
	public WeChatReactiveJwtAuthenticationConverter(WeChatJwtAuthenticationConverter converter, Scheduler scheduler) {
		Assert.notNull(converter, "converter cannot be null");
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.converter = converter;
		this.scheduler = scheduler;
	}

	/**
	 * Check revocations without blocking, before the converter runs: for a converter without a
	 * token service (it would check again, blocking) whose token service revokes into the store
	 * this one reads ({@link JwtWeChatTokenService}'s ids: the token's and its session's). A
	 * revoked token is refused as the converter refuses it, and a store that cannot tell fails
	 * closed with {@code temporarily_unavailable}, as the converter's. Defaults to none.
	 * @param revocations the store
	 */
	public void setRevocationStore(@Nullable ReactiveWeChatTokenRevocationStore revocations) {
		this.revocations = revocations;
	}

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		Mono<AbstractAuthenticationToken> converted = Mono
			.<AbstractAuthenticationToken>fromCallable(() -> this.converter.convert(jwt))
			.subscribeOn(this.scheduler);
		ReactiveWeChatTokenRevocationStore revocations = this.revocations;
		if (revocations == null) {
			return converted;
		}
		return Flux.fromIterable(JwtWeChatTokenService.revocationIds(jwt))
			.concatMap(revocations::isRevoked)
			.any(Boolean.TRUE::equals)
			.onErrorMap(WeChatTokenStoreException.class, WeChatJwtAuthenticationConverter::revocationsUnavailable)
			.flatMap((revoked) -> revoked ? Mono.error(new InvalidBearerTokenException("The token was revoked"))
					: converted);
	}

}
