package io.github.wechatlogin.test.context;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wechatlogin.autoconfigure.WeChatLoginProperties;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.StringUtils;

/**
 * Starts a {@link WeChatApiSimulator} for an application context about to be refreshed: knows
 * the registrations the environment configures, takes precedence for
 * {@code wechat.login.api-base-url}, and is a bean closed with the context.
 *
 * @author wechat-login developers
 */
final class WeChatApiSimulatorContextCustomizer implements ContextCustomizer {

	static final String BEAN_NAME = "weChatApiSimulator";

	static final String PROPERTY_SOURCE_NAME = "weChatApiSimulator";

	private static final String API_BASE_URL = "wechat.login.api-base-url";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ConfigurableEnvironment environment = context.getEnvironment();
		WeChatApiSimulator.Builder builder = WeChatApiSimulator.builder();
		apps(environment).forEach(builder::app);
		WeChatApiSimulator simulator = builder.build().start();
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(API_BASE_URL, simulator.getBaseUrl())));
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, simulator);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			// Closed with the context, and also when its refresh fails
			registry.registerDisposableBean(BEAN_NAME, simulator::close);
		}
		else {
			context.addApplicationListener((ContextClosedEvent event) -> simulator.close());
		}
	}

	/**
	 * Return the app ids and secrets of the registrations the environment configures, the
	 * default registration first (the simulator mints codes for the first app when a request
	 * names none). Binding problems are left to the application, which reports them better.
	 * @param environment the environment
	 * @return the secrets by app id
	 */
	private static Map<String, String> apps(ConfigurableEnvironment environment) {
		Map<String, String> apps = new LinkedHashMap<>();
		WeChatLoginProperties properties;
		try {
			properties = Binder.get(environment).bindOrCreate("wechat.login", WeChatLoginProperties.class);
		}
		catch (BindException ex) {
			return apps;
		}
		put(apps, properties.getAppId(), properties.getSecret());
		properties.getApps().values().forEach((app) -> put(apps, app.getAppId(), app.getSecret()));
		return apps;
	}

	private static void put(Map<String, String> apps, @Nullable String appId, @Nullable String secret) {
		if (StringUtils.hasText(appId) && StringUtils.hasText(secret)) {
			apps.putIfAbsent(appId.trim(), secret.trim());
		}
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		return (obj != null) && obj.getClass() == getClass();
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

}
