package io.github.wechatlogin.config;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.util.Assert;

/**
 * How the configurers of both stacks ({@link WeChatLoginConfigurer},
 * {@code WeChatLoginServerConfigurer}) take their collaborators from the application context:
 * two candidates of one type, none of them primary, fail rather than being guessed between.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginBeans {

	private WeChatLoginBeans() {
	}

	/**
	 * Return the bean of a type, which must exist.
	 * @param <T> the type
	 * @param context the application context
	 * @param type the type
	 * @param configurer the simple name of the configurer, for the message
	 * @return the bean
	 * @throws IllegalStateException if there is none, or several
	 */
	public static <T> T required(ApplicationContext context, Class<T> type, String configurer) {
		T bean = optional(context, type);
		Assert.state(bean != null, () -> "WeChat login needs a bean of type " + type.getName()
				+ " or a value set on the " + configurer + "; is wechat-login-autoconfigure on the classpath?");
		return bean;
	}

	/**
	 * Return the bean of a type, if there is one.
	 * @param <T> the type
	 * @param context the application context
	 * @param type the type
	 * @return the bean, or {@code null}
	 * @throws IllegalStateException if there are several
	 */
	public static <T> @Nullable T optional(ApplicationContext context, Class<T> type) {
		try {
			return context.getBeanProvider(type).getIfAvailable();
		}
		catch (NoUniqueBeanDefinitionException ex) {
			Collection<String> names = (ex.getBeanNamesFound() != null) ? ex.getBeanNamesFound() : List.of();
			throw new IllegalStateException("WeChat login found " + ex.getNumberOfBeansFound() + " beans of type "
					+ type.getName() + " " + names + " and will not guess which one to use: mark one @Primary or "
					+ "remove the others");
		}
	}

}
