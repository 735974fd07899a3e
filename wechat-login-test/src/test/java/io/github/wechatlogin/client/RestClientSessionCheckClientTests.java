package io.github.wechatlogin.client;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.RecordedRequest;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static io.github.wechatlogin.client.WeChatApiTestSupport.MINI_PROGRAM_ID;
import static io.github.wechatlogin.client.WeChatApiTestSupport.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RestClientSessionCheckClient} against the simulator over loopback HTTP, with
 * the access-token provider the auto-configuration uses and keys the simulator's
 * {@code jscode2session} handed out.
 */
class RestClientSessionCheckClientTests extends AbstractSimulatorTests {

	private final AtomicInteger tokenFetches = new AtomicInteger();

	private RestClientSessionCheckClient client;

	private RestClientJsCode2SessionExchanger exchanger;

	@BeforeEach
	void setUp() {
		RestClient restClient = WeChatApiTestSupport.restClient(simulator);
		RestClientStableTokenClient tokens = new RestClientStableTokenClient(restClient);
		this.client = new RestClientSessionCheckClient(restClient,
				new CachingWeChatApiAccessTokenProvider((registration, force) -> {
					this.tokenFetches.incrementAndGet();
					return tokens.fetch(registration, force);
				}));
		this.exchanger = new RestClientJsCode2SessionExchanger(restClient);
	}

	@Test
	void checkSessionWhenCurrentKeyThenTrueWithSignatureAndOpenidInTheQuery() throws Exception {
		String sessionKey = login("o-1");
		String signature = hmac(sessionKey, "");
		assertThat(this.client.checkSession(registration(), "o-1", signature)).isTrue();
		RecordedRequest request = simulator.requests(Endpoint.CHECK_SESSION).get(0);
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.query()).containsEntry("openid", "o-1")
			.containsEntry("signature", signature)
			.containsEntry("sig_method", "hmac_sha256")
			.containsKey("access_token")
			.doesNotContainKey("session_key");
	}

	@Test
	void checkSessionWhenUserLoggedInAgainThenFalse() throws Exception {
		String old = login("o-1");
		login("o-1");
		assertThat(this.client.checkSession(registration(), "o-1", hmac(old, ""))).isFalse();
		assertThat(this.client.checkSession(registration(), "o-2", hmac(old, ""))).isFalse();
		assertThat(simulator.requestCount(Endpoint.CHECK_SESSION)).isEqualTo(2);
	}

	@Test
	void checkSessionWhenInvalidOpenidThenFalse() throws Exception {
		String sessionKey = login("o-1");
		// 40003: the openid is not one of this app's (a key kept from before the app id changed)
		simulator.enqueueFault(Endpoint.CHECK_SESSION, Fault.errcode(40003));
		assertThat(this.client.checkSession(registration(), "o-1", hmac(sessionKey, ""))).isFalse();
	}

	@Test
	void checkSessionWhenAccessTokenRejectedThenOneRefreshAndOneRetry() throws Exception {
		String sessionKey = login("o-1");
		assertThat(this.client.checkSession(registration(), "o-1", hmac(sessionKey, ""))).isTrue();
		simulator.invalidateAccessTokens(MINI_PROGRAM_ID);
		assertThat(this.client.checkSession(registration(), "o-1", hmac(sessionKey, ""))).isTrue();
		assertThat(simulator.requestCount(Endpoint.CHECK_SESSION)).isEqualTo(3);
		assertThat(this.tokenFetches).hasValue(2);
		simulator.enqueueFault(Endpoint.CHECK_SESSION, Fault.errcode(40001));
		simulator.enqueueFault(Endpoint.CHECK_SESSION, Fault.errcode(40001));
		assertThatExceptionOfType(WeChatApiException.class)
			.isThrownBy(() -> this.client.checkSession(registration(), "o-1", hmac(sessionKey, "")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE));
		assertThat(simulator.requestCount(Endpoint.CHECK_SESSION)).isEqualTo(5);
	}

	@Test
	void checkSessionWhenErrcodesOrTransportFailuresThenMappedWithoutSecrets() {
		int[] errcodes = { -1, 45011, 40013, 48999 };
		String[] errors = { WeChatErrorCodes.UPSTREAM_UNAVAILABLE, WeChatErrorCodes.RATE_LIMITED,
				WeChatErrorCodes.SERVER_MISCONFIGURED, WeChatErrorCodes.UPSTREAM_UNAVAILABLE };
		for (int i = 0; i < errcodes.length; i++) {
			simulator.enqueueFault(Endpoint.CHECK_SESSION, Fault.errcode(errcodes[i]));
			String expected = errors[i];
			assertThatExceptionOfType(WeChatApiException.class)
				.isThrownBy(() -> this.client.checkSession(registration(), "o-1", "signature-never-logged"))
				.satisfies((ex) -> {
					assertThat(ex.getError().getErrorCode()).isEqualTo(expected);
					assertThat(ex.getMessage()).doesNotContain("signature-never-logged").doesNotContain(SECRET);
				});
		}
		simulator.enqueueFault(Endpoint.CHECK_SESSION, Fault.connectionReset());
		assertThatExceptionOfType(WeChatApiException.class)
			.isThrownBy(() -> this.client.checkSession(registration(), "o-1", "signature-never-logged"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("signature-never-logged")
				.doesNotContain("access_token="));
	}

	private String login(String openid) {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram(openid, null));
		return this.exchanger.exchange(new WeChatCodeExchangeRequest(registration(), code)).getSessionKey();
	}

	private static WeChatRegistration registration() {
		return WeChatApiTestSupport.miniProgram();
	}

	private static String hmac(String key, String message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

}
