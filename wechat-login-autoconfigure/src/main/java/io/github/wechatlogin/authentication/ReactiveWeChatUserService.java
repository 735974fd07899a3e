package io.github.wechatlogin.authentication;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * Loads, or creates, the application's user for a WeChat identity without blocking: the
 * reactive twin of {@link WeChatUserService}. Answer an {@link AuthenticationException} (for
 * example {@code DisabledException}) to refuse a login.
 *
 * @author wechat-login developers
 * @see #of(WeChatUserService)
 */
@FunctionalInterface
public interface ReactiveWeChatUserService {

	/**
	 * Load the user.
	 * @param request the registration and the identity WeChat answered with
	 * @return the user (never with the {@code session_key}), or an error to refuse the login
	 */
	Mono<WeChatUser> loadUser(WeChatUserRequest request);

	/**
	 * Adapt a {@link WeChatUserService}: a {@link DefaultWeChatUserService}, which only builds
	 * the user from the identity, is called on the subscriber's thread; any other is taken for a
	 * blocking one (see {@link #fromBlocking}).
	 * @param userService the service
	 * @return the reactive service
	 */
	static ReactiveWeChatUserService of(WeChatUserService userService) {
		Assert.notNull(userService, "userService cannot be null");
		return (userService instanceof DefaultWeChatUserService)
				? (request) -> Mono.fromCallable(() -> userService.loadUser(request)) : fromBlocking(userService);
	}

	/**
	 * Adapt a blocking {@link WeChatUserService}, such as one that reads or writes the
	 * application's users with JDBC or JPA: each call runs on {@link Schedulers#boundedElastic()},
	 * so that it never holds an event-loop thread (which serves every connection of the
	 * application, and would stall all of them while it waits for the database).
	 * @param userService the blocking service
	 * @return the reactive service
	 */
	static ReactiveWeChatUserService fromBlocking(WeChatUserService userService) {
		Assert.notNull(userService, "userService cannot be null");
		return (request) -> Mono.fromCallable(() -> userService.loadUser(request))
			.subscribeOn(Schedulers.boundedElastic());
	}

}
