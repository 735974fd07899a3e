package io.github.wechatlogin.integration;

import io.github.wechatlogin.authentication.ReactiveWeChatCodeGuard;
import io.github.wechatlogin.redis.ReactiveRedisWeChatCodeGuard;
import io.github.wechatlogin.redis.ReactiveRedisWeChatTokenRevocationStore;
import io.github.wechatlogin.token.ReactiveWeChatTokenRevocationStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisScaleOutIntegrationTests} on WebFlux (Reactor Netty): the same two instances
 * sharing one Redis, the same assertions; each login's code is claimed, and each bearer token's revocations
 * checked, on the reactive Redis API.
 */
class RedisScaleOutIntegrationReactiveTests extends RedisScaleOutIntegrationTests {

	@Override
	String webApplicationType() {
		return "reactive";
	}

	@Test
	void storesWhenReactiveAndRedisThenCodeGuardAndRevocationCheckOnTheReactiveRedisApi() {
		assertThat(first.getBean(ReactiveWeChatCodeGuard.class)).isInstanceOf(ReactiveRedisWeChatCodeGuard.class);
		assertThat(first.getBean(ReactiveWeChatTokenRevocationStore.class))
			.isInstanceOf(ReactiveRedisWeChatTokenRevocationStore.class);
	}

}
