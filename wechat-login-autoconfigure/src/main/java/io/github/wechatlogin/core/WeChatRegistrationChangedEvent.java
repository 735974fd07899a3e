package io.github.wechatlogin.core;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Tells WeChat login that a registration was added, changed or removed in its store (such as
 * the database), so that cached lookups of it are dropped at once on this instance: publish it
 * with the {@code ApplicationEventPublisher} after the change is committed. Without an id, every
 * cached registration is dropped.
 *
 * @author wechat-login developers
 * @see CachingWeChatRegistrationRepository
 */
public final class WeChatRegistrationChangedEvent extends ApplicationEvent {

	private final @Nullable String registrationId;

	/**
	 * Create an event for one registration.
	 * @param source the object that changed it
	 * @param registrationId the registration id, or {@code null} for all of them
	 */
	public WeChatRegistrationChangedEvent(Object source, @Nullable String registrationId) {
		super(source);
		this.registrationId = registrationId;
	}

	/**
	 * Return the id of the changed registration.
	 * @return the registration id, or {@code null} if all of them may have changed
	 */
	public @Nullable String getRegistrationId() {
		return this.registrationId;
	}

}
