package io.github.wechatlogin.token;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
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

	private Scheduler scheduler = Schedulers.immediate();

	/**
	 * Create a new instance.
	 * @param converter the converter of the servlet stack
	 */
	public WeChatReactiveJwtAuthenticationConverter(WeChatJwtAuthenticationConverter converter) {
		Assert.notNull(converter, "converter cannot be null");
		this.converter = converter;
	}

	/**
	 * Set where the converter runs: it asks the token service whether a token is revoked, and
	 * the registrations whether its registration still exists. Defaults to
	 * {@link Schedulers#immediate()}, right for the in-memory stores and registrations (CPU
	 * only); stores or registrations that block (Redis, a database) need
	 * {@link Schedulers#boundedElastic()}.
	 * @param scheduler the scheduler
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		return Mono.<AbstractAuthenticationToken>fromCallable(() -> this.converter.convert(jwt))
			.subscribeOn(this.scheduler);
	}

}
