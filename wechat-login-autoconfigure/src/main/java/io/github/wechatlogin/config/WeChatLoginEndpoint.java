package io.github.wechatlogin.config;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One endpoint a {@link WeChatLoginConfigurer} installed in a chain, as the
 * {@link WeChatLoginChainVerifier} checks it.
 *
 * @param method the HTTP method clients use
 * @param path the path, as configured (below the servlet path, if any)
 * @param description what the endpoint is, for messages
 * @param movedBy the property or configurer method that moves it, for messages
 * @param matcher the endpoint's own request matcher
 * @author wechat-login developers
 */
record WeChatLoginEndpoint(HttpMethod method, String path, String description, String movedBy,
		RequestMatcher matcher) {

}
