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
public record WeChatApiAccessToken(String value, Instant expiresAt) {

	public WeChatApiAccessToken {
		Assert.hasText(value, "value cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
	}

	@Override
	public String toString() {
		return "WeChatApiAccessToken[value=[PROTECTED], expiresAt=" + this.expiresAt + "]";
	}

}
