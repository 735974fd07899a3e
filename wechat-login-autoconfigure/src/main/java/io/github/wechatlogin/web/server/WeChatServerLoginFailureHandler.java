package io.github.wechatlogin.web.server;

import io.github.wechatlogin.web.WeChatEndpointAnswers;
import reactor.core.publisher.Mono;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;

/**
 * Answers a failed WeChat login on WebFlux exactly as the servlet
 * {@link WeChatLoginFailureHandler} does: an {@code application/problem+json} error whose status
 * and {@code error} member follow the failure.
 *
 * @author wechat-login developers
 */
public final class WeChatServerLoginFailureHandler implements ServerAuthenticationFailureHandler {

	@Override
	public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException exception) {
		return ServerAnswers.write(webFilterExchange.getExchange(), WeChatEndpointAnswers.loginFailure(exception));
	}

}
