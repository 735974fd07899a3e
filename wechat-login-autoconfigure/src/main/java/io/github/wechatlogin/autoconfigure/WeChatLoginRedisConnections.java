package io.github.wechatlogin.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The connection factory of the starter's Redis template, chosen so that each Redis command of the
 * starter waits at most {@code wechat.login.redis.timeout}, whatever the application's
 * {@code spring.data.redis.timeout}:
 * <ul>
 * <li>a {@link LettuceConnectionFactory} whose command timeout is longer (Lettuce's default is 60
 * seconds) is not used itself: a factory derived from it with the shorter command timeout, see
 * {@link LettuceCommandTimeouts}, is <em>owned</em> here, and initialized, started, stopped and
 * destroyed with this bean, in the phase of the application's factory;</li>
 * <li>the application's factory itself otherwise: a Lettuce one that already bounds its commands
 * within the timeout, or another kind, used as it is (Jedis' socket timeout defaults to 2
 * seconds).</li>
 * </ul>
 * The derived factory is deliberately not a bean: a second {@code RedisConnectionFactory} bean
 * would be seen by the application, which injects its factory by type, by Spring Boot's Redis
 * health indicator, which reports on every such bean, and by every auto-configuration that backs
 * off or binds to a single one. A holder of a package-private type of its own keeps it out of
 * sight, and keeps the lifecycle of connections apart from the template, which the starter hands
 * to its Redis stores (a template subclass would have to be both).
 *
 * @author wechat-login developers
 */
final class WeChatLoginRedisConnections implements InitializingBean, SmartLifecycle, DisposableBean {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			WeChatLoginRedisConnections.class.getClassLoader());

	private final RedisConnectionFactory connectionFactory;

	private final boolean owned;

	private WeChatLoginRedisConnections(RedisConnectionFactory connectionFactory, boolean owned) {
		this.connectionFactory = connectionFactory;
		this.owned = owned;
	}

	/**
	 * Choose the connections of the starter's template.
	 * @param applicationFactory the application's connection factory
	 * @param timeout the longest wait for a command of the starter
	 * @param property the property that sets {@code timeout}, for messages
	 * @return the holder of the factory to use
	 */
	static WeChatLoginRedisConnections of(RedisConnectionFactory applicationFactory, Duration timeout,
			String property) {
		Assert.notNull(applicationFactory, "applicationFactory cannot be null");
		Assert.notNull(timeout, "timeout cannot be null");
		if (LETTUCE_PRESENT) {
			LettuceConnectionFactory derived = LettuceCommandTimeouts.derive(applicationFactory, timeout, property);
			if (derived != null) {
				return owning(derived);
			}
		}
		return new WeChatLoginRedisConnections(applicationFactory, false);
	}

	private static <F extends RedisConnectionFactory & InitializingBean & SmartLifecycle & DisposableBean>
			WeChatLoginRedisConnections owning(F factory) {
		return new WeChatLoginRedisConnections(factory, true);
	}

	/**
	 * Return the connection factory of the starter's template.
	 * @return the factory
	 */
	RedisConnectionFactory getConnectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Return whether the factory was derived for the starter, and so is owned by this holder.
	 * @return whether the factory is not the application's
	 */
	boolean isDerived() {
		return this.owned;
	}

	@Override
	public void afterPropertiesSet() throws Exception {
		if (this.owned) {
			((InitializingBean) this.connectionFactory).afterPropertiesSet();
		}
	}

	@Override
	public void start() {
		if (this.owned) {
			lifecycle().start();
		}
	}

	@Override
	public void stop() {
		if (this.owned) {
			lifecycle().stop();
		}
	}

	/**
	 * Return whether the derived factory runs; the application's factory, when used, is the
	 * application's to start and stop, so this holder never runs then.
	 */
	@Override
	public boolean isRunning() {
		return this.owned && lifecycle().isRunning();
	}

	@Override
	public boolean isAutoStartup() {
		return this.owned && lifecycle().isAutoStartup();
	}

	@Override
	public int getPhase() {
		return this.owned ? lifecycle().getPhase() : SmartLifecycle.super.getPhase();
	}

	@Override
	public void destroy() throws Exception {
		if (this.owned) {
			((DisposableBean) this.connectionFactory).destroy();
		}
	}

	private SmartLifecycle lifecycle() {
		return (SmartLifecycle) this.connectionFactory;
	}

	@Override
	public String toString() {
		return "WeChatLoginRedisConnections [" + (this.owned ? "derived " : "application's ")
				+ this.connectionFactory.getClass().getSimpleName() + "]";
	}

}
