package io.github.wechatlogin.client;

import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the client tests: one simulator per test class, reset before each test.
 */
abstract class AbstractSimulatorTests {

	static WeChatApiSimulator simulator;

	@BeforeAll
	static void startSimulator() {
		simulator = WeChatApiTestSupport.startSimulator();
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void resetSimulator() {
		simulator.reset();
	}

}
