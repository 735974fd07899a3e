package io.github.wechatlogin.core;

import org.jspecify.annotations.Nullable;

/**
 * A repository of {@link WeChatRegistration}s.
 *
 * @author wechat-login developers
 */
public interface WeChatRegistrationRepository extends Iterable<WeChatRegistration> {

	/**
	 * Return the registration with the given id.
	 * @param registrationId the registration id
	 * @return the registration, or {@code null} if there is none
	 */
	@Nullable WeChatRegistration findByRegistrationId(String registrationId);

}
