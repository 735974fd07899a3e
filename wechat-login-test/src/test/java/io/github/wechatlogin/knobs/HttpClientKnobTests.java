package io.github.wechatlogin.knobs;

import java.time.Duration;

import io.github.wechatlogin.autoconfigure.WeChatApiTestRequestFactory;
import io.github.wechatlogin.autoconfigure.WeChatLoginAutoConfiguration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.ClientHttpRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wechat.login.client.http-client=apache}: the starter's own WeChat client on Apache
 * HttpClient 5, against the simulator.
 */
class HttpClientKnobTests {

	private static final String APP_ID = "wx-knob-http-client";

	private static final String SECRET = "knob-http-client-app-secret";

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).build();

	private static KnobApp app;

	@BeforeAll
	static void start() {
		simulator.start();
		app = KnobApp.start(KnobApplication.class, simulator, "wechat.login.type=mini-program",
				"wechat.login.app-id=" + APP_ID, "wechat.login.secret=" + SECRET,
				"wechat.login.client.http-client=apache", "wechat.login.client.read-timeout=1s");
	}

	@AfterAll
	static void stop() throws Exception {
		KnobApp.closeAll(app, simulator);
	}

	@Test
	@Knob(properties = "wechat.login.client.http-client")
	void httpClientWhenApacheThenLoginsGoThroughHttpClient5WithTheClientTimeouts() throws Exception {
		Response login = app.login("/login/wechat", APP_ID, "o-apache");
		assertThat(login.text("openid")).isEqualTo("o-apache");
		ClientHttpRequestFactory factory = (ClientHttpRequestFactory) app.context
			.getBean(WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME);
		assertThat(WeChatApiTestRequestFactory.isApache(factory)).isTrue();
		simulator.enqueueFault(Endpoint.JSCODE2SESSION, Fault.delay(Duration.ofSeconds(3)));
		long started = System.nanoTime();
		Response late = app.loginWith("/login/wechat", app.code(APP_ID, "o-late"), null);
		assertThat(late.status()).as(late.body()).isEqualTo(503);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
		assertThat(simulator.requestCount(Endpoint.JSCODE2SESSION)).isEqualTo(2);
	}

}
