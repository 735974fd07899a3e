package io.github.wechatlogin.client;

import java.util.function.Function;

import io.github.wechatlogin.core.WeChatRegistration;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

/**
 * The base of the {@link RestClient} implementations of the WeChat API strategies: each call
 * goes through one caller that reads the JSON answer whatever its content type, up to a size
 * limit, inside an observation, and turns failures into {@link WeChatApiException}s that name
 * neither the URL nor its parameters. Only this package extends it.
 *
 * @author wechat-login developers
 */
public abstract class AbstractRestClientWeChatApiClient extends AbstractWeChatApiClient {

	private final WeChatApiCaller caller;

	AbstractRestClientWeChatApiClient(RestClient restClient) {
		this.caller = new WeChatApiCaller(restClient, calls());
	}

	final WeChatApiCaller caller() {
		return this.caller;
	}

	/**
	 * Make a call that takes the registration's access token: when WeChat refuses the token
	 * (errcode 40001 or 42001, answered before it looks at anything else), the token is
	 * invalidated and the call is made once more with a fresh one. No other failure is retried.
	 * A failure to get a token happened before the call was sent, so it is reported with
	 * {@link WeChatApiException.CodeOutcome#NOT_REDEEMED}: the code can be used again.
	 * @param accessTokenProvider the provider of access tokens
	 * @param registration the registration whose token the call takes
	 * @param call the call, given the access token
	 * @return the last answer, whatever its errcode
	 */
	final JsonNode callWithAccessToken(WeChatApiAccessTokenProvider accessTokenProvider,
			WeChatRegistration registration, Function<String, JsonNode> call) {
		String accessToken = accessToken(accessTokenProvider, registration);
		JsonNode answer = call.apply(accessToken);
		if (WeChatApiErrors.isAccessTokenRejected(WeChatApiCalls.errcode(answer))) {
			accessTokenProvider.invalidate(registration, accessToken);
			answer = call.apply(accessToken(accessTokenProvider, registration));
		}
		return answer;
	}

	private static String accessToken(WeChatApiAccessTokenProvider accessTokenProvider,
			WeChatRegistration registration) {
		try {
			return accessTokenProvider.getAccessToken(registration);
		}
		catch (RuntimeException ex) {
			throw WeChatApiErrors.accessTokenFailed(ex);
		}
	}

}
