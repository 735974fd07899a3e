package io.github.wechatlogin.web;

import java.io.Serial;
import java.io.Serializable;

import org.jspecify.annotations.Nullable;

/**
 * The details of a WeChat login request, kept as the authentication's details: the redirect
 * path the client is answered with, already checked against the allowed paths.
 *
 * @param redirectPath the redirect path, or {@code null}
 * @author wechat-login developers
 */
public record WeChatLoginDetails(@Nullable String redirectPath) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

}
