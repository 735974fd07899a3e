package io.github.wechatlogin.autoconfigure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.core.CachingWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;

/**
 * The Actuator endpoint {@code wechatlogin}: {@code GET} lists the registrations (id, type, app
 * id, enabled, the last login on this instance; never a secret), {@code GET /{id}} shows one,
 * and {@code DELETE /{id}} drops it from the registration cache, so that the next request reads
 * the database (on this instance).
 * <p>
 * Its access defaults to none, as Spring Boot's {@code shutdown} endpoint's: an application
 * turns it on with {@code management.endpoint.wechatlogin.access=read-only} (list and show) or
 * {@code unrestricted} (and evict), exposes it, and serves it to operators only (a chain of its
 * own with {@code EndpointRequest.to("wechatlogin")}); the default chain refuses it to everyone.
 *
 * @author wechat-login developers
 */
@Endpoint(id = WeChatRegistrationsEndpoint.ID, defaultAccess = Access.NONE)
public final class WeChatRegistrationsEndpoint implements ApplicationListener<InteractiveAuthenticationSuccessEvent> {

	/**
	 * The endpoint's id.
	 */
	public static final String ID = "wechatlogin";

	private final WeChatRegistrationRepository registrations;

	/** The last login per registration id on this instance, bounded. */
	private final Cache<String, Instant> lastLogins = Caffeine.newBuilder().maximumSize(100_000).build();

	WeChatRegistrationsEndpoint(WeChatRegistrationRepository registrations) {
		this.registrations = registrations;
	}

	@ReadOperation
	public Map<String, Object> registrations() {
		List<Map<String, Object>> list = new ArrayList<>();
		for (WeChatRegistration registration : this.registrations) {
			list.add(describe(registration));
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("registrations", list);
		if (this.registrations instanceof CachingWeChatRegistrationRepository cache) {
			answer.put("cachedEntries", cache.size());
		}
		return answer;
	}

	@ReadOperation
	public @Nullable Map<String, Object> registration(@Selector String registrationId) {
		WeChatRegistration registration = this.registrations.findByRegistrationId(registrationId);
		return (registration != null) ? describe(registration) : null;
	}

	@DeleteOperation
	public Map<String, Object> evict(@Selector String registrationId) {
		boolean cached = this.registrations instanceof CachingWeChatRegistrationRepository;
		if (this.registrations instanceof CachingWeChatRegistrationRepository cache) {
			cache.evict(registrationId);
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("registrationId", registrationId);
		answer.put("evicted", cached);
		return answer;
	}

	@Override
	public void onApplicationEvent(InteractiveAuthenticationSuccessEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof WeChatUser user) {
			this.lastLogins.put(user.getRegistrationId(), Instant.ofEpochMilli(event.getTimestamp()));
		}
	}

	private Map<String, Object> describe(WeChatRegistration registration) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("registrationId", registration.getRegistrationId());
		description.put("type", registration.getType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		description.put("appId", registration.getAppId());
		description.put("enabled", registration.isEnabled());
		Instant lastLogin = this.lastLogins.getIfPresent(registration.getRegistrationId());
		description.put("lastLoginAt", (lastLogin != null) ? lastLogin.toString() : null);
		return description;
	}

}
