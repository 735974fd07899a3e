package io.github.wechatlogin.web;

import java.io.Serial;

import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Published when a login request is refused before authentication, because it cannot be a
 * valid login ({@code invalid_request}): the failure events of the {@code AuthenticationManager}
 * then cover every other failure, so that every refused login is an event. Its source is an
 * unauthenticated token whose principal is the registration id (or {@code unknown}); it holds
 * no code.
 *
 * @author wechat-login developers
 */
public class WeChatLoginRequestRejectedEvent extends AbstractAuthenticationFailureEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new event.
	 * @param registrationId the registration the request was for, or {@code unknown}
	 * @param exception why it was refused
	 */
	public WeChatLoginRequestRejectedEvent(String registrationId, AuthenticationException exception) {
		super(new PreAuthenticatedAuthenticationToken(registrationId, "N/A"), exception);
	}

}
