package io.github.wechatlogin.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.token.WeChatTokenResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Writes the answer of a login or a refresh: {@code 200} JSON with {@code access_token},
 * {@code token_type} ({@code Bearer}), {@code expires_in} (seconds), {@code refresh_token} when
 * one is issued, {@code openid}, {@code unionid} and {@code redirect_path}; never cached.
 *
 * @author wechat-login developers
 */
final class WeChatTokenResponses {

	private static final JsonMapper JSON = JsonMapper.shared();

	private WeChatTokenResponses() {
	}

	static void write(HttpServletResponse response, WeChatTokenResponse tokens, @Nullable String redirectPath)
			throws IOException {
		WeChatUser user = tokens.user();
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		putTokens(body, tokens);
		body.put("openid", user.getOpenid());
		body.put("unionid", user.getUnionid());
		body.put("redirect_path", redirectPath);
		write(response, body);
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
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		response.getOutputStream().write(JSON.writeValueAsBytes(body));
		response.flushBuffer();
	}

}
