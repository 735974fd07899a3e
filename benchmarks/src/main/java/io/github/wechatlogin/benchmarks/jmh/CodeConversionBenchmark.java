package io.github.wechatlogin.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.web.WeChatCodeAuthenticationConverter;
import io.github.wechatlogin.web.WeChatLoginRequestMatcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.mock.web.MockHttpServletRequest;

/**
 * {@link WeChatCodeAuthenticationConverter}: from the login request (JSON or form) to the
 * unauthenticated token, with all its checks. Each operation builds a fresh mock request (its
 * body can be read once); {@code mockRequestOnly} measures that part alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodeConversionBenchmark {

	private static final byte[] JSON = "{\"code\":\"0a3Bc9ll2pQxk41nR8dS0Vp7Yz1Bc9lO\",\"redirectPath\":\"pages/index/index\"}"
		.getBytes(StandardCharsets.UTF_8);

	private WeChatCodeAuthenticationConverter converter;

	@Setup
	public void setUp() {
		InMemoryWeChatRegistrationRepository registrations = new InMemoryWeChatRegistrationRepository(
				WeChatRegistration.withRegistrationId(WeChatRegistration.DEFAULT_REGISTRATION_ID)
					.type(WeChatAppType.MULTI_APP)
					.appId("wx-benchmark")
					.secret("secret")
					.redirectPath("pages/index/index")
					.build());
		this.converter = new WeChatCodeAuthenticationConverter(
				new WeChatLoginRequestMatcher(WeChatLoginRequestMatcher.DEFAULT_LOGIN_PATH, registrations),
				registrations);
	}

	@Benchmark
	public MockHttpServletRequest mockRequestOnly() {
		return jsonRequest();
	}

	@Benchmark
	public WeChatCodeAuthenticationToken json() {
		return this.converter.convert(jsonRequest());
	}

	@Benchmark
	public WeChatCodeAuthenticationToken form() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/wechat");
		request.setContentType("application/x-www-form-urlencoded");
		request.addParameter("code", "0a3Bc9ll2pQxk41nR8dS0Vp7Yz1Bc9lO");
		return this.converter.convert(request);
	}

	private static MockHttpServletRequest jsonRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login/wechat");
		request.setContentType("application/json");
		request.setContent(JSON);
		return request;
	}

}
