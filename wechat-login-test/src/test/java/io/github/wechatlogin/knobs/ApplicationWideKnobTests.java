package io.github.wechatlogin.knobs;

import java.util.List;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import io.github.wechatlogin.web.AuthorizationHeaderBearerTokenResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.HttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switches for what the starter adds to the whole application (method security, the
 * firewall, the bearer token resolver, the failure event mappings): an application with all of
 * them off, next to one with the defaults to show what "off" takes away.
 */
class ApplicationWideKnobTests {

	private static final String APP_ID = "wx-knob-switches";

	private static final String SECRET = "knob-switches-app-secret";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).build();

	/** Every switch off. */
	private static KnobApp off;

	/** Every switch at its default. */
	private static KnobApp defaults;

	@BeforeAll
	static void start() {
		simulator.start();
		off = KnobApp.start(KnobApplication.class, simulator, "wechat.login.app-id=" + APP_ID,
				"wechat.login.secret=" + SECRET, "wechat.login.method-security=false",
				"wechat.login.http-firewall=false", "wechat.login.bearer-token-resolver=false",
				"wechat.login.authentication-events=false");
		defaults = KnobApp.start(KnobApplication.class, simulator, "wechat.login.app-id=" + APP_ID,
				"wechat.login.secret=" + SECRET);
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(off, defaults, simulator);
	}

	@Test
	@Knob(properties = "wechat.login.method-security")
	void methodSecurityWhenFalseThenPreAuthorizeNotEnforced() throws Exception {
		String token = off.login("/login/wechat", APP_ID, "o-no-method-security").text("access_token");
		assertThat(off.get("/api/admin", token).status()).isEqualTo(200);
		String other = defaults.login("/login/wechat", APP_ID, "o-method-security").text("access_token");
		assertThat(defaults.get("/api/admin", other).status()).isEqualTo(403);
	}

	@Test
	@Knob(properties = "wechat.login.http-firewall")
	void httpFirewallWhenFalseThenNoFirewallOfTheStarter() {
		assertThat(off.context.getBeansOfType(HttpFirewall.class)).isEmpty();
		assertThat(defaults.context.getBeansOfType(HttpFirewall.class)).containsOnlyKeys("weChatLoginHttpFirewall");
	}

	@Test
	@Knob(properties = "wechat.login.bearer-token-resolver")
	void bearerTokenResolverWhenFalseThenNoResolverBeanAndSpringSecuritysDefaultReadsTheToken() throws Exception {
		assertThat(off.context.getBeansOfType(BearerTokenResolver.class)).isEmpty();
		assertThat(defaults.context.getBeansOfType(BearerTokenResolver.class).values()).singleElement()
			.isInstanceOf(AuthorizationHeaderBearerTokenResolver.class);
		String token = off.login("/login/wechat", APP_ID, "o-default-resolver").text("access_token");
		assertThat(off.get("/api/me", token).status()).isEqualTo(200);
		assertThat(off.getWithHeader("/api/me", "Authorization", "Bearer not a token").status()).isEqualTo(401);
	}

	@Test
	@Knob(properties = "wechat.login.authentication-events")
	void authenticationEventsWhenFalseThenFailedLoginsPublishNoFailureEvent() throws Exception {
		off.events.clear();
		Response failed = off.loginWith("/login/wechat", "no-such-code", null);
		assertThat(failed.status()).as(failed.body()).isEqualTo(401);
		assertThat(failed.text("error")).isEqualTo("invalid_code");
		assertThat(off.events).noneMatch(AbstractAuthenticationFailureEvent.class::isInstance);
		defaults.events.clear();
		assertThat(defaults.loginWith("/login/wechat", "no-such-code-either", null).status()).isEqualTo(401);
		assertThat(defaults.events).anyMatch(AuthenticationFailureBadCredentialsEvent.class::isInstance);
		// the publisher keeps no mapping for the starter's exceptions
		assertThat(publishedFailures(off)).isEmpty();
		assertThat(publishedFailures(defaults)).singleElement().isInstanceOf(AuthenticationFailureBadCredentialsEvent.class);
	}

	private static List<Object> publishedFailures(KnobApp app) {
		app.events.clear();
		app.bean(DefaultAuthenticationEventPublisher.class).publishAuthenticationFailure(
				new WeChatAuthenticationException(new WeChatError("invalid_code")),
				new WeChatCodeAuthenticationToken("default", "code"));
		return app.events.stream()
			.filter(AbstractAuthenticationFailureEvent.class::isInstance)
			.map(Object.class::cast)
			.toList();
	}

}
