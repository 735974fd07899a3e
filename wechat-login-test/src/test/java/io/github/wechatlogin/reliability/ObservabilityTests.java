package io.github.wechatlogin.reliability;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.web.WeChatLoginRequestRejectedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics, observations, health and events of a running application with Actuator.
 */
class ObservabilityTests {

	private static LoginApp app;

	private static MeterRegistry meters;

	@BeforeAll
	static void start() {
		app = LoginApp.start("management.endpoint.health.show-details=always");
		meters = app.context.getBean(MeterRegistry.class);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@BeforeEach
	void reset() {
		app.simulator.reset();
		app.events.clear();
	}

	@Test
	void loginsWhenOutcomesVaryThenCountedByOutcomeAndRegistration() throws Exception {
		double success = count("wechat.login", "outcome", "success", "registration", "default");
		double invalidCode = count("wechat.login", "outcome", "invalid_code", "registration", "default");
		double replay = count("wechat.login", "outcome", "code_replay", "registration", "default");
		double invalidRequest = count("wechat.login", "outcome", "invalid_request", "registration", "default");
		String code = app.code("o-metrics");
		app.postJson("/login/wechat", "{\"code\":\"" + code + "\"}");
		app.postJson("/login/wechat", "{\"code\":\"" + code + "\"}");
		app.postJson("/login/wechat", "{\"code\":\"never-issued\"}");
		app.postJson("/login/wechat", "{}");
		assertThat(count("wechat.login", "outcome", "success", "registration", "default")).isEqualTo(success + 1);
		assertThat(count("wechat.login", "outcome", "code_replay", "registration", "default")).isEqualTo(replay + 1);
		assertThat(count("wechat.login", "outcome", "invalid_code", "registration", "default"))
			.isEqualTo(invalidCode + 1);
		assertThat(count("wechat.login", "outcome", "invalid_request", "registration", "default"))
			.isEqualTo(invalidRequest + 1);
	}

	@Test
	void upstreamCallsWhenMadeThenTimedByApiAndOutcome() throws Exception {
		app.login("o-api-warm");
		double calls = count("wechat.login.api", "api", "donut/code2verifyinfo", "outcome", "ok");
		double errors = count("wechat.login.api", "api", "donut/code2verifyinfo", "outcome", "errcode");
		app.login("o-api");
		app.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(10001001));
		app.postJson("/login/wechat", "{\"code\":\"" + app.code("o-api-2") + "\"}");
		assertThat(count("wechat.login.api", "api", "donut/code2verifyinfo", "outcome", "ok")).isEqualTo(calls + 1);
		assertThat(count("wechat.login.api", "api", "donut/code2verifyinfo", "outcome", "errcode"))
			.isEqualTo(errors + 1);
		Timer timer = meters.find("wechat.login.api").tag("api", "donut/code2verifyinfo").timer();
		assertThat(timer).isNotNull();
		assertThat(meters.find("wechat.login.api").tag("api", "cgi-bin/stable_token").timers()).isNotEmpty();
	}

	@Test
	void accessTokenFetchesWhenTokenInvalidatedThenCounted() throws Exception {
		app.login("o-fetch-1");
		double fetches = count("wechat.login.api", "api", "cgi-bin/stable_token", "outcome", "ok");
		app.simulator.invalidateAccessTokens(LoginApp.MULTI_APP_ID);
		app.login("o-fetch-2");
		assertThat(count("wechat.login.api", "api", "cgi-bin/stable_token", "outcome", "ok")).isEqualTo(fetches + 1);
	}

	@Test
	void healthWhenTokenFetchFailsThenDownWithoutCallingWeChatAndUpAfterRecovery() throws Exception {
		HealthIndicator health = app.context.getBean("weChatLoginHealthIndicator", HealthIndicator.class);
		app.login("o-health");
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		// token expired at WeChat and fetching a new one fails
		app.simulator.invalidateAccessTokens(LoginApp.MULTI_APP_ID);
		app.simulator.setFault(Endpoint.STABLE_TOKEN, Fault.errcode(-1));
		app.postJson("/login/wechat", "{\"code\":\"" + app.code("o-health-2") + "\"}");
		int calls = app.simulator.requestCount(Endpoint.STABLE_TOKEN) + app.simulator.requestCount(Endpoint.CODE2VERIFYINFO);
		Health down = health.health();
		for (int i = 0; i < 10; i++) {
			health.health();
		}
		assertThat(app.simulator.requestCount(Endpoint.STABLE_TOKEN) + app.simulator.requestCount(Endpoint.CODE2VERIFYINFO))
			.isEqualTo(calls);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails().toString()).contains("upstream_unavailable").doesNotContain(LoginApp.SECRET);
		app.simulator.setFault(Endpoint.STABLE_TOKEN, null);
		app.login("o-health-3");
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void healthEndpointWhenNoTokenThenOpenForProbes() throws Exception {
		HttpResponse<String> response = app.send(HttpRequest.newBuilder(app.uri("/actuator/health")).GET());
		// open without a token: UP (200) or DOWN (503, for example the test classpath's Redis
		// indicator without a Redis), never 401
		assertThat(response.statusCode()).isIn(200, 503);
		assertThat(response.body()).contains("\"status\":");
		HttpResponse<String> other = app.send(HttpRequest.newBuilder(app.uri("/actuator/metrics")).GET());
		assertThat(other.statusCode()).isEqualTo(401);
	}

	@Test
	void everyFailureTypeThenAnAuthenticationEvent() throws Exception {
		app.login("o-events");
		app.postJson("/login/wechat", "{\"code\":7}");
		String code = app.code("o-events-2");
		app.postJson("/login/wechat", "{\"code\":\"" + code + "\"}");
		app.postJson("/login/wechat", "{\"code\":\"" + code + "\"}");
		for (Fault fault : List.of(Fault.errcode(10001001), Fault.errcode(40226), Fault.errcode(45011),
				Fault.errcode(-1), Fault.errcode(10001003))) {
			app.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, fault);
			app.postJson("/login/wechat", "{\"code\":\"" + app.code("o-ev") + "\"}");
		}
		List<Class<?>> types = app.events.stream().map(AbstractAuthenticationEvent::getClass).<Class<?>>map((c) -> c).toList();
		assertThat(types).contains(AuthenticationSuccessEvent.class, WeChatLoginRequestRejectedEvent.class,
				AuthenticationFailureBadCredentialsEvent.class, AuthenticationFailureServiceExceptionEvent.class);
		long badCredentials = types.stream().filter(AuthenticationFailureBadCredentialsEvent.class::equals).count();
		long serviceFailures = types.stream().filter(AuthenticationFailureServiceExceptionEvent.class::equals).count();
		// replay, invalid code, blocked, rate limited / upstream, misconfigured
		assertThat(badCredentials).isEqualTo(4);
		assertThat(serviceFailures).isEqualTo(2);
	}

	private static double count(String name, String... tags) {
		return meters.find(name).tags(tags).timers().stream().mapToDouble(Timer::count).sum();
	}

}
