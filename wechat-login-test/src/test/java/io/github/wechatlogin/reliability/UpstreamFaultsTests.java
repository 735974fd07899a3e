package io.github.wechatlogin.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream fault matrix through the login endpoint of a running application: each fault of
 * WeChat gets its documented answer within the configured timeouts (connect and read 1 s here),
 * and after 1,000 faulty logins no connection to WeChat is left open. One suite, two stacks: run on
 * Spring MVC ({@link UpstreamFaultsServletTests}) and on WebFlux ({@link UpstreamFaultsReactiveTests});
 * the same fault gets the same status, problem type and fate of the code on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpstreamFaultsTests {

	/**
	 * How long the stalling faults stall: 20 times the read timeout (1 s), so that a login that
	 * waited for the stall is told apart from one bounded by the timeout however loaded the
	 * machine.
	 */
	private static final Duration STALL = Duration.ofSeconds(20);

	/**
	 * The longest a faulty login may take: half the stall, ten times the read timeout. A login
	 * bounded by the timeouts answers in about 1 s, one that waited for the stall in 20 s.
	 */
	private static final Duration WITHIN_TIMEOUTS = STALL.dividedBy(2);

	/**
	 * The most connections to WeChat left open after the faulty logins: the WeChat client's idle
	 * keep-alive connections (one, as the logins come one after the other, and some slack). A
	 * client that left the connection of a faulty answer open would leave hundreds.
	 */
	private static final int IDLE_CONNECTIONS = 4;

	/** The openid whose login the application's user service fails. */
	static final String FAILING_OPENID = "o-user-service-down";

	private LoginApp app;

	/**
	 * Start the application of this stack, its simulator counting connections.
	 * @return the application
	 */
	abstract LoginApp startApp();

	@BeforeAll
	void start() {
		this.app = startApp();
	}

	@AfterAll
	void stop() {
		this.app.close();
	}

	@BeforeEach
	void reset() {
		app.simulator.reset();
	}

	static List<Arguments> faults() {
		return List.of(Arguments.of("read timeout", Fault.delay(STALL), 503, "upstream_unavailable"),
				Arguments.of("connection reset", Fault.connectionReset(), 503, "upstream_unavailable"),
				Arguments.of("HTTP 502 HTML page", Fault.httpStatus(502, "text/html", "<html><h1>502</h1></html>"), 503,
						"upstream_unavailable"),
				Arguments.of("HTTP 500 JSON", Fault.httpStatus(500, "application/json", "{\"errcode\":0}"), 503,
						"upstream_unavailable"),
				Arguments.of("truncated body", Fault.truncatedBody(), 503, "upstream_unavailable"),
				Arguments.of("body stalled beyond the read timeout", Fault.stalledBody(STALL), 503,
						"upstream_unavailable"),
				Arguments.of("not JSON", Fault.body("text/plain", "<xml>busy</xml>"), 503, "upstream_unavailable"),
				Arguments.of("JSON array", Fault.body("text/plain", "[]"), 503, "upstream_unavailable"),
				Arguments.of("oversized body", Fault.oversizedBody(1_000_000), 503, "upstream_unavailable"),
				Arguments.of("success as application/json",
						Fault.body("application/json",
								"{\"errcode\":0,\"login_info\":{\"type\":\"weixinMiniProgram\"},\"user_info\":{\"user_id\":\"u1\",\"miniprogram_info\":{\"openid\":\"o-json\"}}}"),
						200, null),
				Arguments.of("success as text/plain",
						Fault.body("text/plain",
								"{\"errcode\":0,\"login_info\":{\"type\":\"weixinMiniProgram\"},\"user_info\":{\"user_id\":\"u1\",\"miniprogram_info\":{\"openid\":\"o-text\"}}}"),
						200, null),
				Arguments.of("errcode -1", Fault.errcode(-1), 503, "upstream_unavailable"),
				Arguments.of("errcode 10001000", Fault.errcode(10001000), 401, "invalid_code"),
				Arguments.of("errcode 10001001", Fault.errcode(10001001), 401, "invalid_code"),
				Arguments.of("errcode 10001002", Fault.errcode(10001002), 500, "server_misconfigured"),
				Arguments.of("errcode 10001003", Fault.errcode(10001003), 500, "server_misconfigured"),
				Arguments.of("errcode 10001004", Fault.errcode(10001004), 500, "server_misconfigured"),
				Arguments.of("errcode 10001005", Fault.errcode(10001005), 500, "server_misconfigured"),
				Arguments.of("errcode 40226", Fault.errcode(40226), 403, "user_blocked"),
				Arguments.of("errcode 45011", Fault.errcode(45011), 429, "rate_limited"),
				Arguments.of("errcode 43001", Fault.errcode(43001), 500, "server_misconfigured"),
				Arguments.of("errcode 99999 (unknown)", Fault.errcode(99999), 503, "upstream_unavailable"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("faults")
	void loginWhenUpstreamFaultThenDocumentedAnswerWithinTimeouts(String name, Fault fault, int status, String error)
			throws Exception {
		app.login("o-warm");
		app.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, fault);
		long start = System.nanoTime();
		HttpResponse<String> response = app.postJson("/login/wechat", "{\"code\":\"" + app.code("o-x") + "\"}");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(status);
		assertThat(elapsed).as(name).isLessThan(WITHIN_TIMEOUTS);
		if (error != null) {
			JsonNode problem = LoginApp.JSON.readTree(response.body());
			assertThat(problem.get("error").stringValue()).isEqualTo(error);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			if (status == 503 || status == 429) {
				assertThat(response.headers().firstValue("Retry-After")).isPresent();
			}
		}
	}

	/**
	 * The code guard after a fault: a code WeChat did not redeem (an answer that says so, a
	 * request never sent) is given back and may be tried again; one WeChat may have redeemed (a
	 * request sent and no answer read) stays burned, and trying it again is refused as a replay
	 * without a call to WeChat.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("codeFates")
	void loginAgainWithSameCodeAfterFaultThenCodeGivenBackOrBurned(String name, Fault fault, int firstStatus,
			int retryStatus) throws Exception {
		app.login("o-warm");
		app.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, fault);
		String body = "{\"code\":\"" + app.code("o-again") + "\"}";
		HttpResponse<String> first = app.postJson("/login/wechat", body);
		assertThat(first.statusCode()).as(name + ": " + first.body()).isEqualTo(firstStatus);
		int callsBefore = app.simulator.requestCount(Endpoint.CODE2VERIFYINFO);
		HttpResponse<String> retry = app.postJson("/login/wechat", body);
		assertThat(retry.statusCode()).as(name + " (again): " + retry.body()).isEqualTo(retryStatus);
		if (retryStatus == 200) {
			assertThat(LoginApp.JSON.readTree(retry.body()).get("openid").stringValue()).isEqualTo("o-again");
		}
		else {
			assertThat(LoginApp.JSON.readTree(retry.body()).get("error").stringValue()).isEqualTo("invalid_code");
			assertThat(app.simulator.requestCount(Endpoint.CODE2VERIFYINFO)).as("no WeChat call for a replay")
				.isEqualTo(callsBefore);
		}
	}

	static List<Arguments> codeFates() {
		return List.of(Arguments.of("errcode -1: given back", Fault.errcode(-1), 503, 200),
				Arguments.of("errcode 10001002: given back", Fault.errcode(10001002), 500, 200),
				Arguments.of("errcode 45011: burned", Fault.errcode(45011), 429, 401),
				Arguments.of("read timeout: burned", Fault.delay(STALL), 503, 401),
				Arguments.of("HTTP 502: burned", Fault.httpStatus(502, "text/html", "<html/>"), 503, 401),
				Arguments.of("connection reset: burned", Fault.connectionReset(), 503, 401));
	}

	/**
	 * A failure of the application's user service that is no authentication exception (its
	 * database down): a {@code 503 upstream_unavailable} problem, the exception's message in
	 * neither the answer nor anything but the server's log.
	 */
	@Test
	void loginWhenUserServiceThrowsThenProblemWithoutExceptionMessage() throws Exception {
		HttpResponse<String> response = app.postJson("/login/wechat", "{\"code\":\"" + app.code(FAILING_OPENID) + "\"}");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(LoginApp.JSON.readTree(response.body()).get("error").stringValue()).isEqualTo("upstream_unavailable");
		assertThat(response.body()).doesNotContain("user table").doesNotContain(FAILING_OPENID);
		assertThat(app.login("o-fine").get("openid").stringValue()).isEqualTo("o-fine");
	}

	/**
	 * Authentication events reach the application's (blocking) listeners on a thread that may
	 * block, never on an event loop: a success, a refused code, a WeChat failure.
	 */
	@Test
	void loginWhenEventsPublishedThenNotOnNonBlockingThread() throws Exception {
		app.events.clear();
		app.eventsOnNonBlockingThreads.clear();
		app.login("o-events");
		app.postJson("/login/wechat", "{\"code\":\"never-issued\"}");
		app.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(-1));
		app.postJson("/login/wechat", "{\"code\":\"" + app.code("o-events-2") + "\"}");
		assertThat(app.events).hasSizeGreaterThanOrEqualTo(3);
		assertThat(app.eventsOnNonBlockingThreads).containsOnly(false);
	}

	@ParameterizedTest(name = "token endpoint {0}")
	@MethodSource("tokenFaults")
	void loginWhenTokenEndpointFaultThenDocumentedAnswer(String name, Fault fault, int status) throws Exception {
		app.simulator.invalidateAccessTokens(LoginApp.MULTI_APP_ID);
		app.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, Fault.errcode(40001));
		app.simulator.enqueueFault(Endpoint.STABLE_TOKEN, fault);
		HttpResponse<String> response = app.postJson("/login/wechat", "{\"code\":\"" + app.code("o-t") + "\"}");
		assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(status);
	}

	static List<Arguments> tokenFaults() {
		return List.of(Arguments.of("read timeout", Fault.delay(Duration.ofSeconds(3)), 503),
				Arguments.of("connection reset", Fault.connectionReset(), 503),
				Arguments.of("errcode 40164 (IP whitelist)", Fault.errcode(40164), 500),
				Arguments.of("errcode 40125 (secret)", Fault.errcode(40125), 500),
				Arguments.of("errcode 45009 (quota)", Fault.errcode(45009), 503));
	}

	@Test
	void thousandFaultyLoginsThenNoConnectionToWeChatLeftOpen() throws Exception {
		List<Fault> faults = List.of(Fault.connectionReset(), Fault.httpStatus(502, "text/html", "<html/>"),
				Fault.truncatedBody(), Fault.body("text/plain", "nope"), Fault.errcode(-1), Fault.oversizedBody(200_000),
				Fault.noResponse());
		for (int i = 0; i < 50; i++) {
			app.postJson("/login/wechat", "{\"code\":\"warm-" + i + "\"}");
		}
		for (int i = 0; i < 1_000; i++) {
			app.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, faults.get(i % faults.size()));
			HttpResponse<String> response = app.postJson("/login/wechat", "{\"code\":\"faulty-" + i + "\"}");
			assertThat(response.statusCode()).isIn(401, 503);
		}
		int justAfter = app.simulator.openConnections();
		// connections are seen closed a moment after the client closes them
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (app.simulator.openConnections() > IDLE_CONNECTIONS && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		System.out.println("1,000 faulty logins: connections open to WeChat " + justAfter + " just after, "
				+ app.simulator.openConnections() + " settled");
		assertThat(app.simulator.openConnections()).as("connections open to WeChat after 1,000 faulty logins")
			.isLessThanOrEqualTo(IDLE_CONNECTIONS);
		app.simulator.reset();
		assertThat(app.login("o-after-faults").get("access_token").stringValue()).isNotBlank();
	}

}
