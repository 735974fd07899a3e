package io.github.wechatlogin.session;

import io.github.wechatlogin.client.WeChatCodeExchangeRequest;
import io.github.wechatlogin.client.WeChatIdentity;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatSessionKeyStoringCodeExchangerTests {

	private final InMemoryWeChatSessionKeyStore store = new InMemoryWeChatSessionKeyStore();

	@Test
	void exchangeWhenMiniProgramLoginThenKeyKeptAndIdentityUnchanged() {
		WeChatIdentity identity = identity("o-1", "key-1");
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger(
				(request) -> identity, this.store);
		assertThat(exchanger.exchange(request(WeChatAppType.MINI_PROGRAM))).isSameAs(identity);
		assertThat(this.store.find("classic", "o-1")).isEqualTo("key-1");
	}

	@Test
	void exchangeWhenMultiAppLoginThenNothingKept() {
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger(
				(request) -> identity("o-1", "key-1"), this.store);
		exchanger.exchange(request(WeChatAppType.MULTI_APP));
		assertThat(this.store.find("classic", "o-1")).isNull();
	}

	@Test
	void exchangeWhenStoreFailsThenLoginGoesOn() {
		WeChatIdentity identity = identity("o-1", "key-1");
		WeChatSessionKeyStore failing = new WeChatSessionKeyStore() {

			@Override
			public void save(String registrationId, String openid, String sessionKey) {
				throw new IllegalStateException("Redis is down");
			}

			@Override
			public String find(String registrationId, String openid) {
				return null;
			}

			@Override
			public void remove(String registrationId, String openid) {
			}

		};
		WeChatSessionKeyStoringCodeExchanger exchanger = new WeChatSessionKeyStoringCodeExchanger(
				(request) -> identity, failing);
		assertThat(exchanger.exchange(request(WeChatAppType.MINI_PROGRAM))).isSameAs(identity);
	}

	private static WeChatCodeExchangeRequest request(WeChatAppType type) {
		return new WeChatCodeExchangeRequest(
				WeChatRegistration.withRegistrationId("classic").type(type).appId("wx-1").secret("s").build(), "code-1");
	}

	private static WeChatIdentity identity(String openid, String sessionKey) {
		return WeChatIdentity.builder().openid(openid).loginType("weixinMiniProgram").sessionKey(sessionKey).build();
	}

}
