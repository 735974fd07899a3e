package io.github.wechatlogin.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.autoconfigure.WeChatApiTestWebClient;
import io.github.wechatlogin.client.CachingReactiveWeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WebClientClassicTokenClient;
import io.github.wechatlogin.client.WebClientCode2VerifyInfoExchanger;
import io.github.wechatlogin.client.WebClientJsCode2SessionExchanger;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.session.WeChatSessionKeyException;
import io.github.wechatlogin.session.WeChatSessionKeys;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With DEBUG logging on for {@code io.github.wechatlogin}, {@code org.springframework.security}
 * and {@code org.springframework.web}, a run of logins (both APIs), refreshes, logouts and
 * failures (misconfiguration, timeouts, broken connections) writes no app secret, session_key,
 * WeChat access token, JWT or refresh token to any log line or exception message; nor does the
 * session_key path (decryption, session checks, signatures) write a session_key, app key or
 * signature.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsTests {

	@Test
	void loginRefreshLogoutAndFailuresWhenDebugLoggingThenNoSecretAnywhere(CapturedOutput output) throws Exception {
		List<String> secrets = new ArrayList<>(List.of(LoginApp.SECRET, LoginApp.TOKEN_SECRET));
		List<String> exceptionMessages = new ArrayList<>();
		try (LoginApp app = LoginApp.start("logging.level.io.github.wechatlogin=DEBUG",
				"logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.web=DEBUG")) {
			// multi-terminal login, refresh, bearer request, logout
			JsonNode login = app.login("o-secret");
			secrets.add(login.get("access_token").stringValue());
			secrets.add(login.get("refresh_token").stringValue());
			HttpResponse<String> refreshed = app.postJson("/login/wechat/refresh",
					"{\"refresh_token\":\"" + login.get("refresh_token").stringValue() + "\"}");
			JsonNode tokens = LoginApp.JSON.readTree(refreshed.body());
			secrets.add(tokens.get("access_token").stringValue());
			secrets.add(tokens.get("refresh_token").stringValue());
			assertThat(app.get("/api/me", tokens.get("access_token").stringValue()).statusCode()).isEqualTo(200);
			assertThat(app.postBearer("/logout", tokens.get("access_token").stringValue()).statusCode()).isEqualTo(204);
			assertThat(app.get("/api/me", tokens.get("access_token").stringValue()).statusCode()).isEqualTo(401);
			// a reused refresh token
			app.postJson("/login/wechat/refresh", "{\"refresh_token\":\"" + login.get("refresh_token").stringValue() + "\"}");
			// classic mini program login: WeChat answers a session_key
			String classicCode = app.simulator.issueCode(LoginApp.MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-classic", null));
			secrets.add(classicCode);
			assertThat(app.postJson("/login/wechat/classic", "{\"code\":\"" + classicCode + "\"}").statusCode())
				.isEqualTo(200);
			app.simulator.requests(Endpoint.JSCODE2SESSION)
				.forEach((request) -> assertThat(request.query()).containsKey("secret"));
			// failures: the server's configuration refused, a timeout, a reset connection, an HTML error page
			for (Fault fault : List.of(Fault.errcode(10001003), Fault.delay(Duration.ofSeconds(2)), Fault.connectionReset(),
					Fault.httpStatus(502, "text/html", "<html>bad gateway</html>"), Fault.errcode(40001))) {
				app.simulator.enqueueFault(Endpoint.CODE2VERIFYINFO, fault);
				String code = app.code("o-fail");
				secrets.add(code);
				assertThat(app.postJson("/login/wechat", "{\"code\":\"" + code + "\"}").statusCode()).isBetween(200, 599);
			}
			app.simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.errcode(40125));
			app.postJson("/login/wechat/classic", "{\"code\":\"classic-code-never-logged\"}");
			secrets.add("classic-code-never-logged");
			app.simulator.requests(Endpoint.CODE2VERIFYINFO)
				.forEach((request) -> secrets.add(request.queryParameter("access_token")));
			for (var event : app.events) {
				if (event instanceof AbstractAuthenticationFailureEvent failure) {
					for (Throwable ex = failure.getException(); ex != null; ex = ex.getCause()) {
						exceptionMessages.add(String.valueOf(ex.getMessage()));
					}
				}
			}
		}
		String sessionKeyMarker = "session_key";
		assertThat(exceptionMessages).isNotEmpty();
		assertThat(output.getAll()).contains("DEBUG").contains("errcode 10001003");
		String everything = output.getAll() + String.join("\n", exceptionMessages);
		for (String secret : secrets) {
			assertThat(everything).as("a secret value in the logs").doesNotContain(secret);
		}
		assertThat(everything).doesNotContain(sessionKeyMarker + "=").doesNotContain("\"" + sessionKeyMarker + "\"");
		assertThat(everything).doesNotContain("appsecret=").doesNotContain("secret=" + LoginApp.SECRET);
	}

	/**
	 * The reactive client at DEBUG on Spring's and Reactor Netty's loggers: Spring's
	 * {@code ExchangeFunctions} logs each request's URL, Reactor Netty's {@code HttpClientConnect}
	 * each URI it sends, and both would log the query with the secret, the code and the access
	 * token; the starter's {@code WebClient} hands them the URL without its query.
	 */
	@Test
	void reactiveClientWhenDebugLoggingThenNoSecretCodeOrAccessTokenAnywhere(CapturedOutput output) {
		String secret = "reactive-secret-never-logged";
		WeChatApiSimulator simulator = WeChatApiSimulator.builder()
			.app("wx-rx-mini", secret)
			.app("wx-rx-multi", secret)
			.build()
			.start();
		ch.qos.logback.classic.LoggerContext logging = (ch.qos.logback.classic.LoggerContext) LoggerFactory
			.getILoggerFactory();
		List<String> names = List.of("reactor.netty", "org.springframework.web", "io.github.wechatlogin");
		List<ch.qos.logback.classic.Level> levels = names.stream().map((name) -> logging.getLogger(name).getLevel()).toList();
		names.forEach((name) -> logging.getLogger(name).setLevel(ch.qos.logback.classic.Level.DEBUG));
		List<String> secrets = new ArrayList<>(List.of(secret));
		try {
			WebClient webClient = WeChatApiTestWebClient.create(simulator.getBaseUrl(), Duration.ofSeconds(2),
					Duration.ofSeconds(5));
			WeChatRegistration miniProgram = WeChatRegistration.withRegistrationId("mini")
				.type(WeChatAppType.MINI_PROGRAM)
				.appId("wx-rx-mini")
				.secret(secret)
				.build();
			WeChatRegistration multiApp = WeChatRegistration.withRegistrationId("multi")
				.type(WeChatAppType.MULTI_APP)
				.appId("wx-rx-multi")
				.secret(secret)
				.build();
			String miniCode = simulator.issueCode("wx-rx-mini", SimulatedUser.miniProgram("o-rx-log", null));
			String multiCode = simulator.issueCode("wx-rx-multi", SimulatedUser.miniProgram("o-rx-log2", null));
			secrets.addAll(List.of(miniCode, multiCode));
			assertThat(new WebClientJsCode2SessionExchanger(webClient)
				.exchange(new WeChatCodeExchangeRequest(miniProgram, miniCode))
				.block(Duration.ofSeconds(30))
				.getOpenid()).isEqualTo("o-rx-log");
			// the classic token takes the secret in its query, code2verifyinfo the access token
			WebClientCode2VerifyInfoExchanger multi = new WebClientCode2VerifyInfoExchanger(webClient,
					new CachingReactiveWeChatApiAccessTokenProvider(new WebClientClassicTokenClient(webClient)));
			assertThat(multi.exchange(new WeChatCodeExchangeRequest(multiApp, multiCode))
				.block(Duration.ofSeconds(30))
				.getOpenid()).isEqualTo("o-rx-log2");
			// WeChat got them all
			assertThat(simulator.requests(Endpoint.JSCODE2SESSION)).singleElement()
				.satisfies((request) -> assertThat(request.queryParameter("js_code")).isEqualTo(miniCode));
			assertThat(simulator.requests(Endpoint.TOKEN)).singleElement()
				.satisfies((request) -> assertThat(request.queryParameter("secret")).isEqualTo(secret));
			String accessToken = simulator.requests(Endpoint.CODE2VERIFYINFO).get(0).queryParameter("access_token");
			assertThat(accessToken).isNotBlank();
			secrets.add(accessToken);
		}
		finally {
			for (int i = 0; i < names.size(); i++) {
				logging.getLogger(names.get(i)).setLevel(levels.get(i));
			}
			simulator.close();
		}
		String everything = output.getAll();
		// the loggers that would show the query did log the requests
		assertThat(everything).contains("HTTP GET").contains("/sns/jscode2session").contains("Handler is being applied");
		for (String value : secrets) {
			assertThat(everything).as("a secret value in the logs").doesNotContain(value);
		}
		assertThat(everything).doesNotContain("secret=").doesNotContain("js_code=").doesNotContain("access_token=")
			.doesNotContain(WeChatApiTestWebClient.hiddenQueryHeader());
	}

	@Test
	void phoneNumbersWhenDebugLoggingThenNoPhoneNumberOrPhoneCodeAnywhere(CapturedOutput output) throws Exception {
		List<String> secrets = new ArrayList<>();
		List<String> exceptionMessages = new ArrayList<>();
		try (LoginApp app = LoginApp.start("logging.level.io.github.wechatlogin=DEBUG",
				"logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.web=DEBUG")) {
			// sign-up with the phone number in the login request, then bind one, at the classic mini program
			String classicCode = app.simulator.issueCode(LoginApp.MINI_PROGRAM_ID,
					SimulatedUser.miniProgram("o-phone", null));
			String signUpCode = app.simulator.issuePhoneCode(LoginApp.MINI_PROGRAM_ID, "o-phone", "13811112222");
			secrets.addAll(List.of(classicCode, signUpCode, "13811112222"));
			HttpResponse<String> login = app.postJson("/login/wechat/classic",
					"{\"code\":\"" + classicCode + "\",\"phoneCode\":\"" + signUpCode + "\"}");
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			String accessToken = LoginApp.JSON.readTree(login.body()).get("access_token").stringValue();
			secrets.add(accessToken);
			String bindCode = app.simulator.issuePhoneCode(LoginApp.MINI_PROGRAM_ID, "o-phone", "13933334444");
			secrets.addAll(List.of(bindCode, "13933334444"));
			HttpResponse<String> bound = bind(app, accessToken, bindCode);
			assertThat(bound.statusCode()).as(bound.body()).isEqualTo(200);
			assertThat(bound.body()).contains("13933334444");
			// reused, another user's, and failing codes
			assertThat(bind(app, accessToken, bindCode).statusCode()).isEqualTo(401);
			String foreign = app.simulator.issuePhoneCode(LoginApp.MINI_PROGRAM_ID, "o-other", "13755556666");
			secrets.addAll(List.of(foreign, "13755556666"));
			assertThat(bind(app, accessToken, foreign).statusCode()).isEqualTo(401);
			for (Fault fault : List.of(Fault.errcode(-1), Fault.errcode(45011), Fault.errcode(40013),
					Fault.errcode(40001), Fault.delay(Duration.ofSeconds(2)), Fault.connectionReset(),
					Fault.httpStatus(502, "text/html", "<html>bad gateway</html>"))) {
				app.simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, fault);
				String code = app.simulator.issuePhoneCode(LoginApp.MINI_PROGRAM_ID, "o-phone", "13677778888");
				secrets.add(code);
				assertThat(bind(app, accessToken, code).statusCode()).isBetween(200, 599);
			}
			secrets.add("13677778888");
			// a sign-up whose phone code is refused
			String failing = app.simulator.issueCode(LoginApp.MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-phone-2", null));
			secrets.add(failing);
			assertThat(app.postJson("/login/wechat/classic",
					"{\"code\":\"" + failing + "\",\"phoneCode\":\"" + foreign + "\"}").statusCode()).isEqualTo(401);
			app.simulator.requests(Endpoint.GET_USER_PHONE_NUMBER)
				.forEach((request) -> secrets.add(request.queryParameter("access_token")));
			for (var event : app.events) {
				if (event instanceof AbstractAuthenticationFailureEvent failure) {
					for (Throwable ex = failure.getException(); ex != null; ex = ex.getCause()) {
						exceptionMessages.add(String.valueOf(ex.getMessage()));
					}
				}
			}
		}
		assertThat(exceptionMessages).isNotEmpty();
		assertThat(output.getAll()).contains("DEBUG").contains("getuserphonenumber");
		String everything = output.getAll() + String.join("\n", exceptionMessages);
		for (String secret : secrets) {
			assertThat(everything).as("a phone number, a code or a token in the logs").doesNotContain(secret);
		}
		assertThat(everything).doesNotContain("purePhoneNumber").doesNotContain("phone_number");
	}

	/**
	 * The session_key path, with the events captured by a Logback {@link ListAppender} on the
	 * root logger (attached once the application has started, since Spring Boot resets Logback
	 * when it starts): logins that store keys, decryption that succeeds and fails, session checks
	 * that succeed, fail upstream and find a stale key, signatures and logout.
	 */
	@Test
	void sessionKeysWhenDebugLoggingThenNoSessionKeyAppKeyOrSignatureAnywhere() throws Exception {
		String appKey = "reliability-app-key-never-logged";
		List<String> secrets = new ArrayList<>(List.of(appKey));
		List<String> exceptionMessages = new ArrayList<>();
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
		try (LoginApp app = LoginApp.start("logging.level.io.github.wechatlogin=DEBUG",
				"logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.web=DEBUG",
				"wechat.login.apps.classic.app-key=" + appKey)) {
			appender.start();
			root.addAppender(appender);
			WeChatSessionKeys sessionKeys = app.context.getBean(WeChatSessionKeys.class);
			WeChatUser user = WeChatUser.withRegistration("classic", LoginApp.MINI_PROGRAM_ID)
				.identity((identity) -> identity.openid("o-key").loginType(SimulatedUser.WEIXIN_MINI_PROGRAM))
				.build();
			String accessToken = classicLogin(app, "o-key");
			secrets.add(accessToken);
			secrets.add(app.simulator.sessionKey(LoginApp.MINI_PROGRAM_ID, "o-key"));
			// decryption, good and bad
			WeChatApiSimulator.EncryptedData data = app.simulator.encryptForUser(LoginApp.MINI_PROGRAM_ID, "o-key",
					"{\"stepInfoList\":[{\"step\":1}]}");
			assertThat(sessionKeys.decrypt(user, data.encryptedData(), data.iv())).contains("stepInfoList");
			for (String[] bad : List.of(new String[] { "%%%", data.iv() },
					new String[] { "AAAAAAAAAAAAAAAAAAAAAA==", data.iv() }, new String[] { data.encryptedData(), "AAAA" })) {
				exceptionMessages.addAll(messages(() -> sessionKeys.decrypt(user, bad[0], bad[1])));
			}
			// session checks: valid, failing upstream in every way, stale after a login elsewhere
			assertThat(sessionKeys.checkSession(user)).isTrue();
			for (Fault fault : List.of(Fault.errcode(-1), Fault.errcode(40013), Fault.errcode(48999),
					Fault.connectionReset(), Fault.delay(Duration.ofSeconds(2)),
					Fault.httpStatus(502, "text/html", "<html>bad gateway</html>"))) {
				app.simulator.enqueueFault(Endpoint.CHECK_SESSION, fault);
				exceptionMessages.addAll(messages(() -> sessionKeys.checkSession(user)));
			}
			app.simulator.enqueueFault(Endpoint.CHECK_SESSION, Fault.errcode(40001));
			app.simulator.enqueueFault(Endpoint.CHECK_SESSION, Fault.errcode(40001));
			exceptionMessages.addAll(messages(() -> sessionKeys.checkSession(user)));
			String elsewhere = app.simulator.issueCode(LoginApp.MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-key", null));
			app.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.simulator.getBaseUrl()
					+ "/sns/jscode2session?appid=" + LoginApp.MINI_PROGRAM_ID + "&secret=" + LoginApp.SECRET
					+ "&js_code=" + elsewhere + "&grant_type=authorization_code")).build(),
					HttpResponse.BodyHandlers.ofString());
			secrets.add(app.simulator.sessionKey(LoginApp.MINI_PROGRAM_ID, "o-key"));
			assertThat(sessionKeys.checkSession(user)).isFalse();
			exceptionMessages.addAll(messages(() -> sessionKeys.userSignature(user, "{}")));
			// a new login, signatures, logout
			String again = classicLogin(app, "o-key");
			secrets.add(again);
			secrets.add(app.simulator.sessionKey(LoginApp.MINI_PROGRAM_ID, "o-key"));
			secrets.add(sessionKeys.userSignature(user, "{\"offerId\":\"1\"}"));
			secrets.add(sessionKeys.paySignature("classic", "requestVirtualPayment", "{\"offerId\":\"1\"}"));
			assertThat(sessionKeys.verifySignature(user, "{}", "0000")).isFalse();
			exceptionMessages.addAll(messages(() -> sessionKeys.paySignature("default", "requestVirtualPayment", "{}")));
			assertThat(app.postBearer("/logout", again).statusCode()).isEqualTo(204);
			exceptionMessages.addAll(messages(() -> sessionKeys.userSignature(user, "{}")));
			app.simulator.requests(Endpoint.CHECK_SESSION)
				.forEach((request) -> secrets.add(request.queryParameter("access_token")));
			app.simulator.requests(Endpoint.CHECK_SESSION)
				.forEach((request) -> secrets.add(request.queryParameter("signature")));
		}
		finally {
			root.detachAppender(appender);
			appender.stop();
		}
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : appender.list) {
			lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
			for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
				lines.add(cause.getClassName() + ": " + cause.getMessage());
			}
		}
		assertThat(exceptionMessages).hasSizeGreaterThan(10);
		assertThat(lines).anyMatch((line) -> line.startsWith("DEBUG"))
			.anyMatch((line) -> line.contains("wxa/checksession"));
		String everything = String.join("\n", lines) + "\n" + String.join("\n", exceptionMessages);
		for (String secret : secrets) {
			assertThat(secret).isNotEmpty();
			assertThat(everything).as("a session_key, app key, signature or token in the logs").doesNotContain(secret);
		}
		assertThat(everything).doesNotContain("session_key=").doesNotContain("\"session_key\"");
	}

	private static String classicLogin(LoginApp app, String openid) throws Exception {
		String code = app.simulator.issueCode(LoginApp.MINI_PROGRAM_ID, SimulatedUser.miniProgram(openid, null));
		HttpResponse<String> login = app.postJson("/login/wechat/classic", "{\"code\":\"" + code + "\"}");
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return LoginApp.JSON.readTree(login.body()).get("access_token").stringValue();
	}

	private static List<String> messages(Runnable call) {
		List<String> messages = new ArrayList<>();
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				messages.add(cause.getClass().getName() + ": " + cause.getMessage());
			}
			if (ex instanceof WeChatSessionKeyException sessionKey) {
				messages.add(String.valueOf(sessionKey.getBody()));
			}
		}
		assertThat(messages).as("an exception").isNotEmpty();
		return messages;
	}

	private static HttpResponse<String> bind(LoginApp app, String accessToken, String code) throws Exception {
		return app.send(java.net.http.HttpRequest.newBuilder(app.uri("/login/wechat/phone-number"))
			.header("Authorization", "Bearer " + accessToken)
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
	}

}
