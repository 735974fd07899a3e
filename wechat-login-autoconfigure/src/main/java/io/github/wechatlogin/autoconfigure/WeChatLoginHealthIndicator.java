package io.github.wechatlogin.autoconfigure;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.client.CachingWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.WeChatApiAccessTokenStatus;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.CachingWeChatRegistrationRepository;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports whether the WeChat access tokens of the multi-terminal registrations (and of the mini
 * programs that used theirs, for phone numbers) are available, from what the token provider
 * holds in memory: no probe ever calls WeChat. {@code DOWN} when
 * the last fetch of some app's token failed and no valid token is cached (logins of that app
 * answer 503), {@code UP} otherwise, a token not yet fetched included. Details per registration:
 * the token's expiry and the last failure's error code, never the token.
 *
 * @author wechat-login developers
 */
final class WeChatLoginHealthIndicator implements HealthIndicator {

	private final WeChatRegistrationRepository registrations;

	private final CachingWeChatApiAccessTokenProvider tokens;

	private final Clock clock;

	WeChatLoginHealthIndicator(WeChatRegistrationRepository registrations, CachingWeChatApiAccessTokenProvider tokens,
			Clock clock) {
		this.registrations = registrations;
		this.tokens = tokens;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Instant now = this.clock.instant();
		boolean down = false;
		Map<String, Object> details = new LinkedHashMap<>();
		// a fixed set is reported in full; a database of tenants only for the tokens it used
		boolean all = this.registrations instanceof InMemoryWeChatRegistrationRepository;
		// the registrations in use, without reading the whole table at every probe
		Iterable<WeChatRegistration> registrations = (this.registrations instanceof CachingWeChatRegistrationRepository cache)
				? cache.getCachedRegistrations() : this.registrations;
		for (WeChatRegistration registration : registrations) {
			WeChatApiAccessTokenStatus status = this.tokens.getStatus(registration);
			// a mini program needs its access token only for phone numbers: reported once used
			if ((!all || registration.getType() != WeChatAppType.MULTI_APP) && status.expiresAt() == null
					&& status.lastFailureAt() == null) {
				continue;
			}
			boolean valid = status.expiresAt() != null && now.isBefore(status.expiresAt());
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("accessToken", valid ? "valid" : ((status.expiresAt() != null) ? "expired" : "not fetched yet"));
			if (valid) {
				detail.put("expiresAt", status.expiresAt().toString());
			}
			if (status.lastFailureAt() != null) {
				detail.put("lastFailure", status.lastFailure());
				detail.put("lastFailureAt", status.lastFailureAt().toString());
				down |= !valid;
			}
			details.put(registration.getRegistrationId(), detail);
		}
		return (down ? Health.down() : Health.up()).withDetails(details).build();
	}

}
