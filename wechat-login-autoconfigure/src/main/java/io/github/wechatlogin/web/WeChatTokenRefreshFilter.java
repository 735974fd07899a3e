package io.github.wechatlogin.web;

import java.io.IOException;

import io.github.wechatlogin.authentication.UserServiceWeChatUserReloader;
import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.token.WeChatTokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.RequestMatcher;

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

	private final WeChatTokenRefresher refresher;

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
		this.refresher = new WeChatTokenRefresher(tokenService, userReloader);
	}

	@Override
	void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (WeChatProblemDetails.rejectUnlessPost(request, response, "Refresh")) {
			return;
		}
		WeChatAnswer answer;
		try {
			answer = this.refresher.refresh(ServletRequestBodies.read(request, WeChatTokenRefresher.MAX_BODY_SIZE,
					WeChatTokenRefresher.REFRESH_TOKEN));
		}
		catch (WeChatAuthenticationException ex) {
			answer = WeChatAnswer.problem(ex.getError());
		}
		ServletAnswers.write(response, answer);
	}

}
