package io.github.wechatlogin.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * {@link RedisGate} for the reactive stores: the same failing fast for a second after a failure,
 * and the same {@code WeChatTokenStoreException}s, for calls that answer a {@link Mono}.
 *
 * @author wechat-login developers
 */
final class ReactiveRedisGate {

	private final RedisGate gate = new RedisGate(Duration.ofSeconds(1), Clock.systemUTC());

	<T> Mono<T> call(String operation, Supplier<Mono<T>> call) {
		return Mono.defer(() -> {
			Instant startedAt = this.gate.enter(operation);
			return call.get()
				.onErrorMap((ex) -> !(ex instanceof Error), (ex) -> this.gate.failed(operation, startedAt, ex));
		});
	}

}
