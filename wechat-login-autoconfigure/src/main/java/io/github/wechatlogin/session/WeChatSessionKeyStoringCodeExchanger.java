package io.github.wechatlogin.session;

import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * A {@link WeChatCodeExchanger} that keeps the {@code session_key} of each classic mini program
 * login in a {@link WeChatSessionKeyStore}, replacing the user's previous one (WeChat invalidates
 * it at every {@code wx.login}), and answers the identity of its delegate unchanged. The
 * provider and the {@code WeChatUserService} still see the key; the principal, the tokens and
 * the refresh-token store never do.
 * <p>
 * A store that fails does not fail the login (WeChat has redeemed the code by then): the failure
 * is logged, and the user's later {@link WeChatSessionKeys} calls answer
 * {@code session_key_missing} until the next login.
 *
 * @author wechat-login developers
 */
public final class WeChatSessionKeyStoringCodeExchanger implements WeChatCodeExchanger {

	private static final Log logger = LogFactory.getLog(WeChatSessionKeyStoringCodeExchanger.class);

	private final WeChatCodeExchanger delegate;

	private final WeChatSessionKeyStore store;

	/**
	 * Create a new instance.
	 * @param delegate the exchanger that redeems the codes
	 * @param store the store of the keys
	 */
	public WeChatSessionKeyStoringCodeExchanger(WeChatCodeExchanger delegate, WeChatSessionKeyStore store) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(store, "store cannot be null");
		this.delegate = delegate;
		this.store = store;
	}

	@Override
	public WeChatIdentity exchange(WeChatCodeExchangeRequest request) throws WeChatApiException {
		WeChatIdentity identity = this.delegate.exchange(request);
		WeChatRegistration registration = request.registration();
		String sessionKey = identity.getSessionKey();
		String openid = identity.getOpenid();
		if (registration.getType() == WeChatAppType.MINI_PROGRAM && sessionKey != null && openid != null) {
			try {
				this.store.save(registration.getRegistrationId(), openid, sessionKey);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not keep the session_key of a login of registration '"
						+ registration.getRegistrationId() + "' (" + ex.getClass().getSimpleName()
						+ "); the user's session key calls will ask for a new login");
			}
		}
		return identity;
	}

}
