package io.github.wechatlogin.authentication;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.jspecify.annotations.Nullable;

/**
 * A lookup of a registration whose store (a database) may fail: the failure is a
 * {@link WeChatAuthenticationServiceException} with {@code upstream_unavailable} (a 503), never
 * an exception that escapes as a 500, and its message (which may name the database) is never
 * part of the answer.
 *
 * @author wechat-login developers
 */
public final class WeChatRegistrationLookups {

	private WeChatRegistrationLookups() {
	}

	/**
	 * Look a registration up.
	 * @param registrations the repository
	 * @param registrationId the registration id
	 * @param operation what needs the registration ("Login"), for the answer
	 * @return the registration, or {@code null} if it is unknown
	 * @throws WeChatAuthenticationServiceException if the repository failed
	 */
	public static @Nullable WeChatRegistration find(WeChatRegistrationRepository registrations, String registrationId,
			String operation) {
		try {
			return registrations.findByRegistrationId(registrationId);
		}
		catch (RuntimeException ex) {
			throw new WeChatAuthenticationServiceException(WeChatError.unavailable(operation),
					"The WeChat registrations cannot be read (" + ex.getClass().getName() + ")");
		}
	}

}
