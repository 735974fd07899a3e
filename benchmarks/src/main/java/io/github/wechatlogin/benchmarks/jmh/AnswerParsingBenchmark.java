package io.github.wechatlogin.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.client.RestClientCode2VerifyInfoExchanger;
import io.github.wechatlogin.client.RestClientJsCode2SessionExchanger;
import io.github.wechatlogin.client.WeChatApiAccessTokenProvider;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * Reading WeChat's answers: the {@code RestClient} exchangers of {@code jscode2session} and
 * {@code code2verifyinfo}, from URI building to the {@link WeChatIdentity}, with canned answers
 * served in memory (no socket), so the figure is the client-side work per login.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnswerParsingBenchmark {

	private static final byte[] JSCODE2SESSION = """
			{"openid":"o-benchmark-openid","session_key":"c2Vzc2lvbi1rZXktMTIzNA==","unionid":"u-benchmark-unionid"}"""
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] CODE2VERIFYINFO = """
			{"errcode":0,"errmsg":"ok","login_info":{"type":"weixinApp","login_time":1767225600},\
			"user_info":{"user_id":"uid-0123456789","openapp_info":{"appid":"wx-open-wx-benchmark",\
			"openid":"o-benchmark-openid","unionid":"u-benchmark-unionid",\
			"headimgurl":"https://example.invalid/a.png","nickname":"Simulated User"}}}"""
		.getBytes(StandardCharsets.UTF_8);

	private RestClientJsCode2SessionExchanger jsCode2Session;

	private RestClientCode2VerifyInfoExchanger code2VerifyInfo;

	private WeChatCodeExchangeRequest miniProgramRequest;

	private WeChatCodeExchangeRequest multiAppRequest;

	@Setup
	public void setUp() {
		this.jsCode2Session = new RestClientJsCode2SessionExchanger(cannedClient(JSCODE2SESSION));
		WeChatApiAccessTokenProvider tokens = new WeChatApiAccessTokenProvider() {

			@Override
			public String getAccessToken(WeChatRegistration registration) {
				return "benchmark-access-token";
			}

			@Override
			public void invalidate(WeChatRegistration registration, String rejectedAccessToken) {
			}

		};
		this.code2VerifyInfo = new RestClientCode2VerifyInfoExchanger(cannedClient(CODE2VERIFYINFO), tokens);
		this.miniProgramRequest = new WeChatCodeExchangeRequest(WeChatRegistration.withRegistrationId("classic")
			.type(WeChatAppType.MINI_PROGRAM)
			.appId("wx-benchmark")
			.secret("secret")
			.build(), "0a3Bc9ll2pQxk41nR8dS0Vp7Yz1Bc9lO");
		this.multiAppRequest = new WeChatCodeExchangeRequest(WeChatRegistration.withRegistrationId("default")
			.type(WeChatAppType.MULTI_APP)
			.appId("wx-benchmark")
			.secret("secret")
			.build(), "0a3Bc9ll2pQxk41nR8dS0Vp7Yz1Bc9lO");
	}

	private static RestClient cannedClient(byte[] answer) {
		ClientHttpRequestFactory factory = (uri, method) -> {
			MockClientHttpRequest request = new MockClientHttpRequest(method, uri);
			MockClientHttpResponse response = new MockClientHttpResponse(answer, HttpStatus.OK);
			// WeChat answers JSON as text/plain
			response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
			request.setResponse(response);
			return request;
		};
		return RestClient.builder().baseUrl("http://127.0.0.1:1").requestFactory(factory).build();
	}

	@Benchmark
	public WeChatIdentity jscode2session() {
		return this.jsCode2Session.exchange(this.miniProgramRequest);
	}

	@Benchmark
	public WeChatIdentity code2verifyinfo() {
		return this.code2VerifyInfo.exchange(this.multiAppRequest);
	}

}
