package io.github.wechatlogin.session;

import java.time.Instant;

import io.github.wechatlogin.MutableClock;
import io.github.wechatlogin.client.WeChatApiException;
import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WeChatSessionKeyStoringCodeExchangerTests {

	private final InMemoryWeChatSessionKeyStore store = new InMemoryWeChatSessionKeyStore();

	@Test
	void exchangeWhenMiniProgramLoginThenKeyKeptAndIdentityUnchanged() {
		WeChatIdentity identity = identity("o-1", "key-1");
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger(
				(request) -> identity, this.store);
		assertThat(exchanger.exchange(request(WeChatAppType.MINI_PROGRAM))).isSameAs(identity);
		assertThat(this.store.find("wx-1", "o-1")).isEqualTo("key-1");
	}

	@Test
	void exchangeWhenMultiAppLoginThenNothingKept() {
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger(
				(request) -> identity("o-1", "key-1"), this.store);
		exchanger.exchange(request(WeChatAppType.MULTI_APP));
		assertThat(this.store.find("wx-1", "o-1")).isNull();
	}

	@Test
	void exchangeWhenSaveFailsThenPreviousKeyForgottenAndLoginGoesOn() {
		WeChatIdentity identity = identity("o-1", "key-2");
		this.store.save("wx-1", "o-1", "key-1", Instant.EPOCH);
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger(
				(request) -> identity, new FailingStore(this.store, true, false));
		assertThat(exchanger.exchange(request(WeChatAppType.MINI_PROGRAM))).isSameAs(identity);
		// not the key WeChat invalidated at this login: session_key_missing, not wrong signatures
		assertThat(this.store.find("wx-1", "o-1")).isNull();
	}

	@Test
	void exchangeWhenSaveAndRemovalFailThenLoginFailsWithUpstreamUnavailable() {
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger(
				(request) -> identity("o-1", "key-2"), new FailingStore(this.store, true, true));
		assertThatExceptionOfType(WeChatApiException.class)
			.isThrownBy(() -> exchanger.exchange(request(WeChatAppType.MINI_PROGRAM)))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(WeChatErrorCodes.UPSTREAM_UNAVAILABLE);
				assertThat(ex.getMessage()).doesNotContain("key-2");
			});
	}

	@Test
	void exchangeWhenALaterLoginSavedFirstThenItsKeyStays() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger((request) -> {
			// while this slow exchange waits for WeChat, a later login of the user saves its key
			this.store.save("wx-1", "o-1", "key-later", clock.instant().plusMillis(10));
			return identity("o-1", "key-earlier");
		}, this.store, clock);
		exchanger.exchange(request(WeChatAppType.MINI_PROGRAM));
		assertThat(this.store.find("wx-1", "o-1")).isEqualTo("key-later");
	}

	@Test
	void exchangeWhenTwoRegistrationsOfOneAppIdThenOneKey() {
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger(
				(request) -> identity("o-1", request.registration().getRegistrationId() + "-key"), this.store);
		exchanger.exchange(request(WeChatAppType.MINI_PROGRAM));
		exchanger.exchange(new WeChatCodeExchangeRequest(WeChatRegistration.withRegistrationId("other")
			.type(WeChatAppType.MINI_PROGRAM)
			.appId("wx-1")
			.secret("s")
			.build(), "code-2"));
		assertThat(this.store.find("wx-1", "o-1")).isEqualTo("other-key");
	}

	private record FailingStore(WeChatSessionKeyStore store, boolean failSave, boolean failRemove)
			implements WeChatSessionKeyStore {

		@Override
		public boolean save(String appId, String openid, String sessionKey, Instant startedAt) {
			if (this.failSave) {
				throw new IllegalStateException("Redis is down");
			}
			return this.store.save(appId, openid, sessionKey, startedAt);
		}

		@Override
		public String find(String appId, String openid) {
			return this.store.find(appId, openid);
		}

		@Override
		public void remove(String appId, String openid) {
			if (this.failRemove) {
				throw new IllegalStateException("Redis is down");
			}
			this.store.remove(appId, openid);
		}

		@Override
		public boolean remove(String appId, String openid, String expectedSessionKey) {
			return this.store.remove(appId, openid, expectedSessionKey);
		}

	}

	private static WeChatCodeExchangeRequest request(WeChatAppType type) {
		return new WeChatCodeExchangeRequest(
				WeChatRegistration.withRegistrationId("classic").type(type).appId("wx-1").secret("s").build(), "code-1");
	}

	private static WeChatIdentity identity(String openid, String sessionKey) {
		return WeChatIdentity.builder().openid(openid).loginType("weixinMiniProgram").sessionKey(sessionKey).build();
	}

}
