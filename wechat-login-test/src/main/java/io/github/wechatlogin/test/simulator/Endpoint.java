package io.github.wechatlogin.test.simulator;

import org.jspecify.annotations.Nullable;

/**
 * The endpoints served by the {@link WeChatApiSimulator}.
 *
 * @author wechat-login
 */
public enum Endpoint {

	/**
	 * {@code GET /sns/jscode2session}: exchanges a classic mini program {@code wx.login} code.
	 */
	JSCODE2SESSION("/sns/jscode2session"),

	/**
	 * {@code GET /donut/code2verifyinfo}: exchanges a multi-terminal app login code.
	 */
	CODE2VERIFYINFO("/donut/code2verifyinfo"),

	/**
	 * {@code GET /cgi-bin/token}: fetches a classic access token.
	 */
	TOKEN("/cgi-bin/token"),

	/**
	 * {@code POST /cgi-bin/stable_token}: fetches a stable access token.
	 */
	STABLE_TOKEN("/cgi-bin/stable_token"),

	/**
	 * {@code POST /simulator/codes}: mints a login code (simulator only, not a WeChat API).
	 */
	ISSUE_CODE("/simulator/codes"),

	/**
	 * {@code POST /wxa/business/getuserphonenumber}: exchanges a phone number code
	 * ({@code wx.getPhoneNumber}) for the user's phone number.
	 */
	GET_USER_PHONE_NUMBER("/wxa/business/getuserphonenumber"),

	/**
	 * {@code GET /wxa/checksession}: checks a user's {@code session_key} by its signature.
	 */
	CHECK_SESSION("/wxa/checksession"),

	/**
	 * {@code POST /simulator/encrypted-data}: encrypts data for a user with their current
	 * {@code session_key}, as WeChat's open data (simulator only, not a WeChat API).
	 */
	ENCRYPT_DATA("/simulator/encrypted-data"),

	/**
	 * {@code POST /simulator/phone-codes}: mints a phone number code (simulator only, not a
	 * WeChat API).
	 */
	ISSUE_PHONE_CODE("/simulator/phone-codes");

	private final String path;

	Endpoint(String path) {
		this.path = path;
	}

	/**
	 * Return the request path of this endpoint.
	 * @return the path, starting with {@code /}
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Return whether this endpoint simulates a WeChat API (and is therefore subject to
	 * the configured latency).
	 * @return {@code true} for WeChat endpoints, {@code false} for simulator endpoints
	 */
	boolean isWeChatApi() {
		return this != ISSUE_CODE && this != ISSUE_PHONE_CODE && this != ENCRYPT_DATA;
	}

	/**
	 * Find the endpoint serving the given path.
	 * @param path the exact request path
	 * @return the endpoint or {@code null} if no endpoint serves that path
	 */
	static @Nullable Endpoint forPath(String path) {
		for (Endpoint endpoint : values()) {
			if (endpoint.path.equals(path)) {
				return endpoint;
			}
		}
		return null;
	}

}
