package io.github.wechatlogin.session;

import java.time.Clock;
import java.time.Instant;

import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * A {@link WeChatCodeExchanger} that keeps the {@code session_key} of each classic mini program
 * login in a {@link WeChatSessionKeyStore}, under the registration's app id and the openid,
 * replacing the user's previous one (WeChat invalidates it at every {@code wx.login}) unless the
 * store holds the key of a login that started later, and answers the identity of its delegate
 * unchanged. The provider and the {@code WeChatUserService} still see the key; the principal, the
 * tokens and the refresh-token store never do.
 * <p>
 * A save that fails is followed by a removal of the user's previous key, which WeChat no longer
 * accepts: the login succeeds, and the user's later {@link WeChatSessionKeys} calls answer
 * {@code session_key_missing} until the next login. If the removal fails too, the store may still
 * hold the dead key (wrong signatures, failed decryptions), so the login fails with
 * {@code upstream_unavailable} (503): the user logs in again with a new code.
 *
 * @author wechat-login developers
 */
public final class WeChatSessionKeyStoringCodeExchanger implements WeChatCodeExchanger {

	private static final Log logger = LogFactory.getLog(WeChatSessionKeyStoringCodeExchanger.class);

	private final WeChatCodeExchanger delegate;

	private final WeChatSessionKeyStore store;

	private final Clock clock;

	/**
	 * Create a new instance with the system clock.
	 * @param delegate the exchanger that redeems the codes
	 * @param store the store of the keys
	 */
	public WeChatSessionKeyStoringCodeExchanger(WeChatCodeExchanger delegate, WeChatSessionKeyStore store) {
		this(delegate, store, Clock.systemUTC());
	}

	/**
	 * Create a new instance.
	 * @param delegate the exchanger that redeems the codes
	 * @param store the store of the keys
	 * @param clock the clock that stamps when an exchange started
	 */
	public WeChatSessionKeyStoringCodeExchanger(WeChatCodeExchanger delegate, WeChatSessionKeyStore store,
			Clock clock) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(store, "store cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.delegate = delegate;
		this.store = store;
		this.clock = clock;
	}

	@Override
	public WeChatIdentity exchange(WeChatCodeExchangeRequest request) throws WeChatApiException {
		Instant startedAt = this.clock.instant();
		WeChatIdentity identity = this.delegate.exchange(request);
		WeChatRegistration registration = request.registration();
		String sessionKey = identity.getSessionKey();
		String openid = identity.getOpenid();
		if (registration.getType() == WeChatAppType.MINI_PROGRAM && sessionKey != null && openid != null) {
			try {
				this.store.save(registration.getAppId(), openid, sessionKey, startedAt);
			}
			catch (RuntimeException ex) {
				forgetPrevious(registration, openid, ex);
			}
		}
		return identity;
	}

	private void forgetPrevious(WeChatRegistration registration, String openid, RuntimeException saveFailure)
			throws WeChatApiException {
		String registrationId = LogSafe.text(registration.getRegistrationId());
		try {
			this.store.remove(registration.getAppId(), openid);
			logger.warn("Could not keep the session_key of a login of registration '" + registrationId + "' ("
					+ saveFailure.getClass().getSimpleName() + "); the previous one is forgotten, and the "
					+ "user's session key calls will ask for a new login");
		}
		catch (RuntimeException ex) {
			logger.error("Could neither keep the session_key of a login of registration '" + registrationId + "' ("
					+ saveFailure.getClass().getSimpleName() + ") nor forget the previous one ("
					+ ex.getClass().getSimpleName() + "); the login fails");
			throw new WeChatApiException(WeChatError.unavailable("Login"), null, null,
					WeChatApiException.CodeOutcome.POSSIBLY_REDEEMED,
					"The session key store could neither keep the new session_key nor forget the previous one");
		}
	}

}
