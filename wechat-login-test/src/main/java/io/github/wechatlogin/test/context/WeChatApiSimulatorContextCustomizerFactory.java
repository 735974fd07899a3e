package io.github.wechatlogin.test.context;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Creates the {@link ContextCustomizer} that starts the WeChat API simulator of a test class
 * annotated with {@link AutoConfigureWeChatApiSimulator}.
 *
 * @author wechat-login developers
 */
public final class WeChatApiSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, AutoConfigureWeChatApiSimulator.class)
				? new WeChatApiSimulatorContextCustomizer() : null;
	}

}
