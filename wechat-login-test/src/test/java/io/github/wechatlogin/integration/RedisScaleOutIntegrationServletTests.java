package io.github.wechatlogin.integration;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.session.WeChatSessionKeyStore;
import io.github.wechatlogin.session.WeChatSessionKeys;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.DataType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisScaleOutIntegrationTests} on Spring MVC (Tomcat), and what only this stack has so
 * far: the WeChat API access token shared through Redis (on WebFlux each instance's reactive
 * provider still keeps its own, docs/webflux-and-gateway.md), the phone number endpoint and the
 * {@code session_key} kept at login.
 */
class RedisScaleOutIntegrationServletTests extends RedisScaleOutIntegrationTests {

	@Override
	String webApplicationType() {
		return "servlet";
	}

	@Test
	@Order(1) // first, while no instance has a token in its local cache
	void accessTokenWhenConcurrentLoginsOnBothInstancesThenOneFetchBetweenThem() throws Exception {
		simulator.setLatency(Duration.ofMillis(100));
		int perInstance = 10;
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 2 * perInstance; i++) {
			codes.add(simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-c" + i, null)));
		}
		ExecutorService executor = Executors.newFixedThreadPool(2 * perInstance);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < codes.size(); i++) {
				ConfigurableApplicationContext instance = (i % 2 == 0) ? first : second;
				String code = codes.get(i);
				statuses.add(executor.submit(() -> {
					go.await();
					return login(instance, code).statusCode();
				}));
			}
			go.countDown();
			for (Future<Integer> status : statuses) {
				assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(simulator.requestCount(Endpoint.STABLE_TOKEN)).isEqualTo(1);
		assertThat(simulator.requestCount(Endpoint.CODE2VERIFYINFO)).isEqualTo(2 * perInstance);
	}

	@Test
	void accessTokenWhenFetchedThenInRedisUnderAppIdAndSecretFingerprint() throws Exception {
		assertThat(login(first, simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-token", null))).statusCode())
			.isEqualTo(200);
		assertThat(redisTemplate.keys("wechat-login:access-token:*")).contains("wechat-login:access-token:" + APP_ID + ":"
				+ first.getBean(WeChatRegistrationRepository.class).findByRegistrationId("default").getSecretFingerprint());
	}

	@Test
	void phoneNumberWhenMiniProgramOnBothInstancesThenOneSharedAccessTokenAndCodesClaimedForBoth() throws Exception {
		List<String> accessTokens = new ArrayList<>();
		for (ConfigurableApplicationContext instance : List.of(first, second)) {
			String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-phone", null));
			HttpResponse<String> login = send(instance, HttpRequest.newBuilder(uri(instance, "/login/wechat/classic"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			String accessToken = JSON.readTree(login.body()).get("access_token").stringValue();
			accessTokens.add(accessToken);
			HttpResponse<String> bound = bindPhoneNumber(instance, accessToken,
					simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-phone", "13800138000"));
			assertThat(bound.statusCode()).as(bound.body()).isEqualTo(200);
		}
		// the mini program's access token, fetched once for both instances
		assertThat(simulator.requests(Endpoint.STABLE_TOKEN)).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains(MINI_PROGRAM_ID));
		// a phone code used on one instance is refused on the other without calling WeChat
		String code = simulator.issuePhoneCode(MINI_PROGRAM_ID, "o-phone", "13800138001");
		assertThat(bindPhoneNumber(first, accessTokens.get(0), code).statusCode()).isEqualTo(200);
		int calls = simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER);
		assertThat(bindPhoneNumber(second, accessTokens.get(1), code).statusCode()).isEqualTo(401);
		assertThat(simulator.requestCount(Endpoint.GET_USER_PHONE_NUMBER)).isEqualTo(calls);
	}

	@Test
	void sessionKeyWhenLoggedInOnOneInstanceThenUsableOnTheOtherNeverPlainInRedisAndGoneAfterLogout()
			throws Exception {
		String code = simulator.issueCode(MINI_PROGRAM_ID, SimulatedUser.miniProgram("o-key", null));
		HttpResponse<String> login = send(first, HttpRequest.newBuilder(uri(first, "/login/wechat/classic"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String sessionKey = simulator.sessionKey(MINI_PROGRAM_ID, "o-key");
		// the other instance knows the key: it decrypts data encrypted with it
		WeChatUser user = WeChatUser.withRegistration("classic", MINI_PROGRAM_ID)
			.identity((identity) -> identity.openid("o-key").loginType(SimulatedUser.WEIXIN_MINI_PROGRAM))
			.build();
		WeChatApiSimulator.EncryptedData data = simulator.encryptForUser(MINI_PROGRAM_ID, "o-key", "{\"step\":7}");
		assertThat(second.getBean(WeChatSessionKeys.class).decrypt(user, data.encryptedData(), data.iv()))
			.contains("\"step\":7");
		// no value in Redis holds the key in plain text (base64, without padding, hex, raw bytes)
		byte[] raw = Base64.getDecoder().decode(sessionKey);
		List<String> forms = List.of(sessionKey, sessionKey.replace("=", ""), HexFormat.of().formatHex(raw),
				new String(raw, StandardCharsets.ISO_8859_1));
		Set<String> keys = redisTemplate.keys("*");
		assertThat(keys).anyMatch((key) -> key.startsWith("wechat-login:session-key:"));
		for (String key : keys) {
			assertThat(key).doesNotContain("o-key");
			for (String value : values(key)) {
				for (String form : forms) {
					assertThat(value).as("the value of %s", key).doesNotContain(form);
				}
			}
		}
		String stored = keys.stream().filter((key) -> key.startsWith("wechat-login:session-key:")).findFirst().get();
		assertThat(redisTemplate.getExpire(stored, TimeUnit.SECONDS)).isBetween(Duration.ofDays(3).minusMinutes(1).toSeconds(),
				Duration.ofDays(3).toSeconds());
		// logout on the other instance forgets it everywhere
		String accessToken = JSON.readTree(login.body()).get("access_token").stringValue();
		assertThat(post(second, "/logout", accessToken).statusCode()).isEqualTo(204);
		assertThat(first.getBean(WeChatSessionKeyStore.class).find(MINI_PROGRAM_ID, "o-key")).isNull();
		assertThat(redisTemplate.keys("*")).noneMatch((key) -> key.startsWith("wechat-login:session-key:"));
	}

	private List<String> values(String key) {
		DataType type = redisTemplate.type(key);
		return switch (type) {
			case STRING -> List.of(String.valueOf(redisTemplate.opsForValue().get(key)));
			case HASH -> redisTemplate.<String, String>opsForHash()
				.entries(key)
				.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + entry.getValue())
				.toList();
			case SET -> List.copyOf(redisTemplate.opsForSet().members(key));
			case LIST -> redisTemplate.opsForList().range(key, 0, -1);
			case ZSET -> List.copyOf(redisTemplate.opsForZSet().range(key, 0, -1));
			default -> List.of();
		};
	}

}
