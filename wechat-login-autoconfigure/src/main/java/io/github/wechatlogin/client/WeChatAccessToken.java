package io.github.wechatlogin.client;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * A WeChat API access token and the instant it expires.
 *
 * @param value the token; never log it
 * @param expiresAt when it expires
 * @author wechat-login developers
 */
public record WeChatAccessToken(String value, Instant expiresAt) {

	public WeChatAccessToken {
		Assert.hasText(value, "value cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
	}

	@Override
	public String toString() {
		return "WeChatAccessToken[value=[PROTECTED], expiresAt=" + this.expiresAt + "]";
	}

}
