package io.github.wechatlogin.token;

import java.time.Duration;

import io.github.wechatlogin.authentication.WeChatUser;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The tokens issued for a login or a refresh, and the user they are for. {@link #toString()}
 * shows neither token.
 *
 * @param accessToken the bearer access token
 * @param expiresIn how long the access token is valid
 * @param refreshToken the refresh token, or {@code null} when none is issued
 * @param user the user
 * @author wechat-login developers
 */
public record WeChatTokenResponse(String accessToken, Duration expiresIn, @Nullable String refreshToken,
		WeChatUser user) {

	public WeChatTokenResponse {
		Assert.hasText(accessToken, "accessToken cannot be empty");
		Assert.notNull(expiresIn, "expiresIn cannot be null");
		Assert.notNull(user, "user cannot be null");
	}

	@Override
	public String toString() {
		return "WeChatTokenResponse[accessToken=[PROTECTED], expiresIn=" + this.expiresIn + ", refreshToken="
				+ ((this.refreshToken != null) ? "[PROTECTED]" : "null") + ", user=" + this.user.getName() + "]";
	}

}
