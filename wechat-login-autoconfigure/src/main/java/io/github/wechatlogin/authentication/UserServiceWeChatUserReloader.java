package io.github.wechatlogin.authentication;

import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * A {@link WeChatUserReloader} that asks the {@link WeChatUserService} again, with a
 * {@link WeChatUserRequest#forRefresh refresh request}: the session's registration and the
 * identity stored at login. A session whose registration is gone, or for which the service
 * answers another user, is refused; a service that fails otherwise than with an
 * {@code AuthenticationException} (its database is down) or answers no user leaves the answer
 * unknown ({@code AuthenticationServiceException}).
 *
 * @author wechat-login developers
 */
public final class UserServiceWeChatUserReloader implements WeChatUserReloader {

	private static final Log logger = LogFactory.getLog(UserServiceWeChatUserReloader.class);

	private final WeChatRegistrationRepository registrations;

	private final WeChatUserService userService;

	/**
	 * Create a new instance.
	 * @param registrations the registrations
	 * @param userService the user service
	 */
	public UserServiceWeChatUserReloader(WeChatRegistrationRepository registrations, WeChatUserService userService) {
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(userService, "userService cannot be null");
		this.registrations = registrations;
		this.userService = userService;
	}

	@Override
	public WeChatUser reload(WeChatUser user) {
		WeChatRegistration registration;
		try {
			registration = this.registrations.findByRegistrationId(user.getRegistrationId());
		}
		catch (RuntimeException ex) {
			// the registrations' store (a database) failed: the answer is unknown, not a refusal
			throw new AuthenticationServiceException("The WeChat registrations could not be read", ex);
		}
		if (registration == null || !registration.isEnabled() || !registration.getAppId().equals(user.getAppId())) {
			throw refused("The registration of this login session no longer exists; log in again");
		}
		WeChatUser reloaded;
		try {
			reloaded = this.userService.loadUser(WeChatUserRequest.forRefresh(registration, user.getIdentity()));
		}
		catch (AuthenticationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// the user store failed (a database outage, say): the answer is unknown, not a refusal
			throw new AuthenticationServiceException("The WeChatUserService could not reload " + user.getName(), ex);
		}
		if (reloaded == null) {
			throw new AuthenticationServiceException("The WeChatUserService returned no user for " + user.getName());
		}
		if (!reloaded.getName().equals(user.getName())
				|| !reloaded.getRegistrationId().equals(user.getRegistrationId())) {
			logger.warn("The WeChatUserService answered another user for a refresh of " + user.getName()
					+ "; refusing the refresh");
			throw refused("The user of this login session changed; log in again");
		}
		return reloaded;
	}

	private static WeChatAuthenticationException refused(String description) {
		return new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_GRANT, description));
	}

}
