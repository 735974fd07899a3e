package io.github.wechatlogin.test.context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;

/**
 * The simulator's life with its application context.
 */
class WeChatApiSimulatorContextCustomizerTests {

	private final WeChatApiSimulatorContextCustomizer customizer = new WeChatApiSimulatorContextCustomizer();

	@Test
	void customizeWhenRegistrationsThenSimulatorKnowsThemAndApiBaseUrlPointsAtIt() {
		try (GenericApplicationContext context = context("wechat.login.app-id=wx-default",
				"wechat.login.secret=default-secret", "wechat.login.api-base-url=https://api.weixin.qq.com",
				"wechat.login.apps.classic.app-id= wx-classic ", "wechat.login.apps.classic.secret=classic-secret",
				"wechat.login.apps.incomplete.app-id=wx-incomplete")) {
			customize(context);
			context.refresh();

			WeChatApiSimulator simulator = context.getBean(WeChatApiSimulator.class);
			assertThat(context.getEnvironment().getProperty("wechat.login.api-base-url"))
				.isEqualTo(simulator.getBaseUrl());
			assertThat(simulator.issueCode("wx-default", SimulatedUser.miniProgram("o-1"))).isNotBlank();
			assertThat(simulator.issueCode("wx-classic", SimulatedUser.miniProgram("o-1"))).isNotBlank();
			assertThatIllegalArgumentException()
				.isThrownBy(() -> simulator.issueCode("wx-incomplete", SimulatedUser.miniProgram("o-1")));
		}
	}

	@Test
	void customizeWhenNoRegistrationThenEmptySimulator() {
		try (GenericApplicationContext context = context()) {
			customize(context);
			context.refresh();

			WeChatApiSimulator simulator = context.getBean(WeChatApiSimulator.class);
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> simulator.issueCode(SimulatedUser.miniProgram("o-1")));
			simulator.registerApp("wx-later", "later-secret");
			assertThat(simulator.issueCode(SimulatedUser.miniProgram("o-1"))).isNotBlank();
		}
	}

	@Test
	void customizeWhenPropertiesDoNotBindThenLeftToTheApplication() {
		try (GenericApplicationContext context = context("wechat.login.type=no-such-type",
				"wechat.login.app-id=wx-default", "wechat.login.secret=default-secret")) {
			customize(context);
			context.refresh();

			assertThat(context.getBean(WeChatApiSimulator.class).getPort()).isPositive();
		}
	}

	@Test
	void closeWhenContextClosedThenSimulatorStopped() {
		GenericApplicationContext context = context("wechat.login.app-id=wx-default",
				"wechat.login.secret=default-secret");
		customize(context);
		context.refresh();
		int port = context.getBean(WeChatApiSimulator.class).getPort();
		assertThat(accepts(port)).isTrue();

		context.close();

		assertThat(accepts(port)).isFalse();
	}

	@Test
	void closeWhenRefreshFailsThenSimulatorStopped() {
		GenericApplicationContext context = context();
		customize(context);
		int port = context.getBeanFactory().getBean(WeChatApiSimulator.class).getPort();
		context.registerBean("failing", Object.class, () -> {
			throw new IllegalStateException("boom");
		});

		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(context::refresh);

		assertThat(accepts(port)).isFalse();
	}

	@Test
	void equalsWhenSameTypeThenEqualSoThatContextsAreShared() {
		assertThat(new WeChatApiSimulatorContextCustomizer()).isEqualTo(this.customizer)
			.hasSameHashCodeAs(this.customizer);
	}

	@Test
	void factoryWhenNotAnnotatedThenNoCustomizer() {
		WeChatApiSimulatorContextCustomizerFactory factory = new WeChatApiSimulatorContextCustomizerFactory();
		assertThat(factory.createContextCustomizer(WeChatApiSimulatorContextCustomizerTests.class, List.of())).isNull();
		assertThat(factory.createContextCustomizer(Annotated.class, List.of())).isEqualTo(this.customizer);
		assertThat(factory.createContextCustomizer(Annotated.Inner.class, List.of())).isEqualTo(this.customizer);
	}

	private void customize(GenericApplicationContext context) {
		this.customizer.customizeContext(context, mock(MergedContextConfiguration.class));
	}

	private static GenericApplicationContext context(String... properties) {
		GenericApplicationContext context = new GenericApplicationContext();
		TestPropertyValues.of(properties).applyTo(context);
		return context;
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@AutoConfigureWeChatApiSimulator
	static class Annotated {

		@Nested
		class Inner {

		}

	}

}
