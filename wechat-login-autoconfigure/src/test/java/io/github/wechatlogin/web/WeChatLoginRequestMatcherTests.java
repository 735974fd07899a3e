package io.github.wechatlogin.web;

import java.util.List;

import io.github.wechatlogin.core.CachingWeChatRegistrationRepository;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatLoginRequestMatcherTests {

	private final WeChatLoginRequestMatcher matcher = new WeChatLoginRequestMatcher("/login/wechat",
			new InMemoryWeChatRegistrationRepository(registration("default", true), registration("shop", true),
					registration("closed", false)));

	@Test
	void resolveWhenPathOfARegistrationThenItsIdAndItIsLookedUpNow() {
		assertThat(this.matcher.resolveRegistrationId(post("/login/wechat"))).isEqualTo("default");
		assertThat(this.matcher.resolveRegistrationId(post("/login/wechat/shop"))).isEqualTo("shop");
		assertThat(this.matcher.resolveRegistration(post("/login/wechat/shop")).getAppId()).isEqualTo("wx-shop");
	}

	@Test
	void resolveWhenFixedRegistrationsAndUnknownIdThenNotMatchedTheApplicationsPath() {
		// properties only: exactly the registrations' endpoints, other paths stay the application's
		assertThat(this.matcher.isDynamic()).isFalse();
		assertThat(this.matcher.matches(post("/login/wechat/unknown"))).isFalse();
		assertThat(this.matcher.matches(post("/login/wechat/closed"))).isTrue();
		assertThat(this.matcher.resolveRegistration(post("/login/wechat/closed"))).isNull();
		assertThat(this.matcher.findEnabled("not.an.id")).isNull();
		WeChatLoginRequestMatcher withoutDefault = new WeChatLoginRequestMatcher("/login/wechat",
				new InMemoryWeChatRegistrationRepository(registration("shop", true)));
		assertThat(withoutDefault.matches(post("/login/wechat"))).isFalse();
	}

	@Test
	void resolveWhenRepositoryCanChangeThenAnyIdMatchedAndLookedUpNow() {
		InMemoryWeChatRegistrationRepository rows = new InMemoryWeChatRegistrationRepository(
				registration("shop", true), registration("closed", false));
		WeChatLoginRequestMatcher dynamic = new WeChatLoginRequestMatcher("/login/wechat",
				new CachingWeChatRegistrationRepository(rows, java.time.Duration.ZERO, 0));
		assertThat(dynamic.isDynamic()).isTrue();
		assertThat(dynamic.matches(post("/login/wechat"))).isTrue();
		assertThat(dynamic.matches(post("/login/wechat/unknown"))).isTrue();
		assertThat(dynamic.resolveRegistration(post("/login/wechat/unknown"))).isNull();
		assertThat(dynamic.resolveRegistration(post("/login/wechat/closed"))).isNull();
		assertThat(dynamic.resolveRegistration(post("/login/wechat/shop")).getAppId()).isEqualTo("wx-shop");
	}

	@Test
	void resolveWhenReservedOrOtherPathThenNotMatched() {
		this.matcher.setReservedPaths(List.of("/login/wechat/refresh", "/login/wechat/phone-number"));
		assertThat(this.matcher.matches(post("/login/wechat/refresh"))).isFalse();
		assertThat(this.matcher.matches(post("/login/wechat/phone-number"))).isFalse();
		assertThat(this.matcher.matches(post("/login/wechat/default"))).isFalse();
		assertThat(this.matcher.matches(post("/login/wechat/shop/deeper"))).isFalse();
		assertThat(this.matcher.matches(post("/api/login/wechat"))).isFalse();
	}

	private static MockHttpServletRequest post(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setServletPath(path);
		return request;
	}

	private static WeChatRegistration registration(String id, boolean enabled) {
		return WeChatRegistration.withRegistrationId(id).appId("wx-" + id).secret("s-" + id).enabled(enabled).build();
	}

}
