package io.github.wechatlogin.core;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link WeChatRegistrationRepository} that holds a fixed set of registrations in memory.
 *
 * @author wechat-login developers
 */
public final class InMemoryWeChatRegistrationRepository implements WeChatRegistrationRepository {

	private final Map<String, WeChatRegistration> registrations;

	/**
	 * Create a repository of the given registrations.
	 * @param registrations the registrations, with distinct ids
	 */
	public InMemoryWeChatRegistrationRepository(WeChatRegistration... registrations) {
		this(List.of(registrations));
	}

	/**
	 * Create a repository of the given registrations.
	 * @param registrations the registrations, with distinct ids
	 */
	public InMemoryWeChatRegistrationRepository(List<WeChatRegistration> registrations) {
		Assert.notEmpty(registrations, "registrations cannot be empty");
		Map<String, WeChatRegistration> byId = new LinkedHashMap<>();
		for (WeChatRegistration registration : registrations) {
			Assert.notNull(registration, "registrations cannot contain null");
			WeChatRegistration previous = byId.putIfAbsent(registration.getRegistrationId(), registration);
			Assert.state(previous == null,
					() -> "Duplicate WeChat registration id '" + registration.getRegistrationId() + "'");
		}
		this.registrations = Collections.unmodifiableMap(byId);
	}

	@Override
	public @Nullable WeChatRegistration findByRegistrationId(String registrationId) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		return this.registrations.get(registrationId);
	}

	@Override
	public Iterator<WeChatRegistration> iterator() {
		return this.registrations.values().iterator();
	}

}
