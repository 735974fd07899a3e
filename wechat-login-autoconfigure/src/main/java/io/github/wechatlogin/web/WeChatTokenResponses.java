package io.github.wechatlogin.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.token.WeChatTokenResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;


/**
 * Writes the answer of a login or a refresh: {@code 200} JSON with {@code access_token},
 * {@code token_type} ({@code Bearer}), {@code expires_in} (seconds), {@code refresh_token} when
 * one is issued, {@code openid}, {@code unionid} and {@code redirect_path}; never cached.
 *
 * @author wechat-login developers
 */
final class WeChatTokenResponses {

	private WeChatTokenResponses() {
	}

	static void write(HttpServletResponse response, WeChatTokenResponse tokens, @Nullable String redirectPath)
			throws IOException {
		ServletAnswers.write(response, WeChatAnswer.tokens(tokens, redirectPath));
	}

	/**
	 * Put the token members ({@code access_token}, {@code token_type}, {@code expires_in} and
	 * {@code refresh_token} when one is issued) into an answer.
	 */
	static void putTokens(Map<String, @Nullable Object> body, WeChatTokenResponse tokens) {
		body.put("access_token", tokens.accessToken());
		body.put("token_type", "Bearer");
		body.put("expires_in", tokens.expiresIn().toSeconds());
		if (tokens.refreshToken() != null) {
			body.put("refresh_token", tokens.refreshToken());
		}
	}

	/**
	 * Write a {@code 200} JSON answer that holds tokens or personal data: never cached.
	 */
	static void write(HttpServletResponse response, Map<String, @Nullable Object> body) throws IOException {
		ServletAnswers.write(response, WeChatAnswer.json(body));
	}

}
