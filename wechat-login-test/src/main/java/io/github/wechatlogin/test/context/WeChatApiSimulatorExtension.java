package io.github.wechatlogin.test.context;

import java.lang.reflect.Method;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.annotation.ParameterResolutionDelegate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The JUnit Jupiter side of {@link AutoConfigureWeChatApiSimulator}: resolves parameters of
 * type {@link WeChatApiSimulator} of test methods and {@code @BeforeEach}/{@code @AfterEach}
 * methods to the simulator the application of the test runs against. Parameters annotated with
 * {@code @Autowired} are left to the {@link SpringExtension}, which resolves them to the same
 * bean.
 *
 * @author wechat-login developers
 */
public final class WeChatApiSimulatorExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == WeChatApiSimulator.class
				&& parameterContext.getDeclaringExecutable() instanceof Method
				&& !ParameterResolutionDelegate.isAutowirable(parameterContext.getParameter(),
						parameterContext.getIndex());
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		ApplicationContext context = SpringExtension.getApplicationContext(extensionContext);
		try {
			return context.getBean(WeChatApiSimulatorContextCustomizer.BEAN_NAME, WeChatApiSimulator.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new ParameterResolutionException("No WeChatApiSimulator in the application context of "
					+ extensionContext.getRequiredTestClass().getName()
					+ "; annotate the test class with @AutoConfigureWeChatApiSimulator", ex);
		}
	}

}
