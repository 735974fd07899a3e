package io.github.wechatlogin.web;

import java.io.IOException;
import java.util.Map;

import io.github.wechatlogin.authentication.UserServiceWeChatUserReloader;
import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatAuthenticationServiceException;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Exchanges a refresh token for new tokens: {@code POST {loginPath}/refresh} with
 * {@code {"refresh_token": "..."}} (JSON or a form) is answered like a login, after the
 * application was asked again about the user ({@link WeChatUserReloader}). An unknown, expired,
 * revoked or used token, a session past its maximum age and a user the application now refuses
 * are answered {@code 401 invalid_grant}; a malformed request {@code 400 invalid_request};
 * another method {@code 405}; a user store or token store that does not answer {@code 503}, and
 * the token can be presented again. WeChat is not called.
 *
 * @author wechat-login developers
 */
public final class WeChatTokenRefreshFilter extends WeChatEndpointFilter {

	/**
	 * The path of the refresh endpoint below the login path, unless configured otherwise.
	 */
	public static final String REFRESH_PATH = "/refresh";

	private static final String REFRESH_TOKEN = "refresh_token";

	private static final int MAX_BODY_SIZE = 4 * 1024;

	private static final int MAX_TOKEN_LENGTH = 256;

	private final WeChatTokenService tokenService;

	private final WeChatUserReloader userReloader;

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher of the refresh endpoint, whatever the HTTP method (another
	 * method than {@code POST} is answered {@code 405})
	 * @param tokenService the token service
	 * @param userReloader what the application says of a session's user at refresh (see
	 * {@link UserServiceWeChatUserReloader})
	 */
	public WeChatTokenRefreshFilter(RequestMatcher requestMatcher, WeChatTokenService tokenService,
			WeChatUserReloader userReloader) {
		super(requestMatcher);
		Assert.notNull(tokenService, "tokenService cannot be null");
		Assert.notNull(userReloader, "userReloader cannot be null");
		this.tokenService = tokenService;
		this.userReloader = userReloader;
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (WeChatProblemDetails.rejectUnlessPost(request, response, "Refresh")) {
			return;
		}
		try {
			Map<String, String> fields = WeChatRequestBodies.read(request, MAX_BODY_SIZE, REFRESH_TOKEN);
			String refreshToken = fields.get(REFRESH_TOKEN);
			if (refreshToken == null || refreshToken.isBlank()) {
				throw WeChatRequestBodies.invalidRequest("The refresh_token is required");
			}
			if (refreshToken.length() > MAX_TOKEN_LENGTH || !RedirectPathPolicy.isVisibleAscii(refreshToken)) {
				throw WeChatRequestBodies.invalidRequest("The refresh_token is malformed");
			}
			WeChatTokenResponses.write(response, this.tokenService.refresh(refreshToken, this.userReloader), null);
		}
		catch (WeChatAuthenticationException ex) {
			WeChatProblemDetails.write(response, ex.getError());
		}
		catch (WeChatAuthenticationServiceException ex) {
			this.logger.warn("Could not refresh tokens: " + ex.getMessage());
			WeChatProblemDetails.write(response, ex.getError());
		}
		catch (AuthenticationServiceException ex) {
			this.logger.warn("Could not refresh tokens: the user could not be reloaded ("
					+ ex.getClass().getSimpleName() + ")");
			unavailable(response);
		}
		catch (WeChatTokenStoreException ex) {
			this.logger.warn("Could not refresh tokens: " + ex.getMessage());
			unavailable(response);
		}
	}

	private static void unavailable(HttpServletResponse response) throws IOException {
		WeChatProblemDetails.write(response, WeChatError.unavailable("Refresh"));
	}

}
