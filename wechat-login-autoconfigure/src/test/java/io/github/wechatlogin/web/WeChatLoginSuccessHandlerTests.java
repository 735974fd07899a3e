package io.github.wechatlogin.web;

import java.time.Duration;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUserReloader;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatTokenResponse;
import io.github.wechatlogin.token.WeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenStoreException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatLoginSuccessHandler} with scripted token services (a seam this project
 * owns).
 */
class WeChatLoginSuccessHandlerTests {

	private final WeChatUser user = WeChatUser.withRegistration("default", "wx")
		.identity((identity) -> identity.openid("o-1").unionid("u-1"))
		.build();

	@Test
	void onAuthenticationSuccessThenTokensAndIdentityAsJson() throws Exception {
		WeChatLoginSuccessHandler handler = new WeChatLoginSuccessHandler(
				service(new WeChatTokenResponse("access", Duration.ofMinutes(5), "refresh", this.user)));
		WeChatAuthentication authentication = new WeChatAuthentication(this.user);
		authentication.setDetails(new WeChatLoginDetails("pages/a/b"));
		MockHttpServletResponse response = new MockHttpServletResponse();
		handler.onAuthenticationSuccess(new MockHttpServletRequest(), response, authentication);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo("{\"access_token\":\"access\",\"token_type\":\"Bearer\","
				+ "\"expires_in\":300,\"refresh_token\":\"refresh\",\"openid\":\"o-1\",\"unionid\":\"u-1\","
				+ "\"redirect_path\":\"pages/a/b\"}");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void onAuthenticationSuccessWhenStoreFailsThenServiceUnavailable() throws Exception {
		WeChatLoginSuccessHandler handler = new WeChatLoginSuccessHandler(service(null));
		MockHttpServletResponse response = new MockHttpServletResponse();
		handler.onAuthenticationSuccess(new MockHttpServletRequest(), response, new WeChatAuthentication(this.user));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(response.getContentAsString()).contains("\"error\":\"upstream_unavailable\"");
	}

	private static WeChatTokenService service(WeChatTokenResponse answer) {
		return new WeChatTokenService() {

			@Override
			public WeChatTokenResponse issue(WeChatAuthentication authentication) {
				if (answer == null) {
					throw new WeChatTokenStoreException("full");
				}
				return answer;
			}

			@Override
			public WeChatTokenResponse refresh(String refreshToken, WeChatUserReloader userReloader) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void revoke(Jwt accessToken) {
				throw new UnsupportedOperationException();
			}

			@Override
			public boolean isRevoked(Jwt accessToken) {
				return false;
			}

		};
	}

}
