package io.github.wechatlogin.config;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatLoginChainVerifier}'s synthetic requests.
 */
class WeChatLoginChainVerifierTests {

	@Test
	void probeWhenPathPatternMatchersThenAnswersAsForARealRequest() {
		RequestMatcher login = PathPatternRequestMatcher.withDefaults().matcher("/api/login/wechat");
		WeChatLoginEndpoint endpoint = new WeChatLoginEndpoint(HttpMethod.POST, "/api/login/wechat", "login", "x",
				login);
		HttpServletRequest request = WeChatLoginChainVerifier.probe(endpoint, "");
		assertThat(login.matches(request)).isTrue();
		assertThat(PathPatternRequestMatcher.withDefaults().matcher("/api/**").matches(
				WeChatLoginChainVerifier.probe(endpoint, ""))).isTrue();
		assertThat(PathPatternRequestMatcher.withDefaults().matcher("/internal/**").matches(
				WeChatLoginChainVerifier.probe(endpoint, ""))).isFalse();
		assertThat(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/**").matches(
				WeChatLoginChainVerifier.probe(endpoint, ""))).isFalse();
	}

	@Test
	void probeWhenServletPathThenMatchesMatchersOfTheBuilderWithThatBasePath() {
		PathPatternRequestMatcher.Builder app = PathPatternRequestMatcher.withDefaults().basePath("/app");
		RequestMatcher login = app.matcher("/api/login/wechat");
		WeChatLoginEndpoint endpoint = new WeChatLoginEndpoint(HttpMethod.POST, "/api/login/wechat", "login", "x",
				login);
		assertThat(login.matches(WeChatLoginChainVerifier.probe(endpoint, ""))).isFalse();
		assertThat(login.matches(WeChatLoginChainVerifier.probe(endpoint, "/app"))).isTrue();
		assertThat(app.matcher("/api/**").matches(WeChatLoginChainVerifier.probe(endpoint, "/app"))).isTrue();
		assertThat(app.matcher("/internal/**").matches(WeChatLoginChainVerifier.probe(endpoint, "/app"))).isFalse();
	}

}
