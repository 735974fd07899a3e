package io.github.wechatlogin.web;

import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.util.Assert;

/**
 * The refresh endpoint without its web stack: checks the {@code refresh_token} field, exchanges
 * it through the {@link WeChatTokenService} and returns the answer (new tokens, {@code 401
 * invalid_grant}, {@code 400 invalid_request}, or {@code 503} when a store does not answer). The
 * servlet {@link WeChatTokenRefreshFilter} and the WebFlux one read the request and write the
 * answer.
 *
 * @author wechat-login developers
 */
public final class WeChatTokenRefresher {

	/**
	 * The name of the field that carries the refresh token.
	 */
	public static final String REFRESH_TOKEN = "refresh_token";

	/**
	 * The largest request body of a refresh, in bytes.
	 */
	public static final int MAX_BODY_SIZE = 4 * 1024;

	private static final int MAX_TOKEN_LENGTH = 256;

	private static final Log logger = LogFactory.getLog("io.github.wechatlogin.web.WeChatTokenRefreshFilter");

	private final WeChatTokenService tokenService;

	private final WeChatUserReloader userReloader;

	/**
	 * Create a new instance.
	 * @param tokenService the token service
	 * @param userReloader what the application says of a session's user at refresh
	 */
	public WeChatTokenRefresher(WeChatTokenService tokenService, WeChatUserReloader userReloader) {
		Assert.notNull(tokenService, "tokenService cannot be null");
		Assert.notNull(userReloader, "userReloader cannot be null");
		this.tokenService = tokenService;
		this.userReloader = userReloader;
	}

	/**
	 * Refresh, and return the answer. The token service and the user reloader are called on the
	 * caller's thread.
	 * @param fields the fields of the request (see {@link #REFRESH_TOKEN})
	 * @return the answer
	 */
	public WeChatAnswer refresh(Map<String, @Nullable String> fields) {
		try {
			String refreshToken = fields.get(REFRESH_TOKEN);
			if (refreshToken == null || refreshToken.isBlank()) {
				throw WeChatRequestBodies.invalidRequest("The refresh_token is required");
			}
			if (refreshToken.length() > MAX_TOKEN_LENGTH || !RedirectPathPolicy.isVisibleAscii(refreshToken)) {
				throw WeChatRequestBodies.invalidRequest("The refresh_token is malformed");
			}
			return WeChatAnswer.tokens(this.tokenService.refresh(refreshToken, this.userReloader), null);
		}
		catch (WeChatAuthenticationException ex) {
			return WeChatAnswer.problem(ex.getError());
		}
		catch (WeChatAuthenticationServiceException ex) {
			logger.warn("Could not refresh tokens: " + ex.getMessage());
			return WeChatAnswer.problem(ex.getError());
		}
		catch (AuthenticationServiceException ex) {
			logger.warn("Could not refresh tokens: the user could not be reloaded (" + ex.getClass().getSimpleName()
					+ ")");
			return unavailable();
		}
		catch (WeChatTokenStoreException ex) {
			logger.warn("Could not refresh tokens: " + ex.getMessage());
			return unavailable();
		}
	}

	private static WeChatAnswer unavailable() {
		return WeChatAnswer.problem(WeChatError.unavailable("Refresh"));
	}

}
