package io.github.wechatlogin.samples.gateway;

import io.github.wechatlogin.samples.gateway.downstream.DownstreamApplication;
import io.github.wechatlogin.samples.gateway.edge.GatewayApplication;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;

/**
 * The whole sample on free ports: the WeChat API simulator, the downstream service, and the
 * gateway, whose route points at the downstream port and whose JWK Set the downstream service
 * reads. The downstream service fetches the JWK Set at its first bearer request only, so it can
 * start first, given the port the gateway will take.
 *
 * @author wechat-login developers
 */
public final class GatewaySample implements AutoCloseable {

	static final String APP_ID = "wx-gateway-sample";

	static final String SECRET = "gateway-sample-secret";

	final WeChatApiSimulator simulator;

	final ConfigurableApplicationContext downstream;

	final ConfigurableApplicationContext gateway;

	private GatewaySample(WeChatApiSimulator simulator, ConfigurableApplicationContext downstream,
			ConfigurableApplicationContext gateway) {
		this.simulator = simulator;
		this.downstream = downstream;
		this.gateway = gateway;
	}

	static GatewaySample start(int gatewayPort, int downstreamPort, int simulatorPort) {
		WeChatApiSimulator simulator = WeChatApiSimulator.builder()
			.port(simulatorPort)
			.app(APP_ID, SECRET)
			.build()
			.start();
		ConfigurableApplicationContext downstream = null;
		try {
			downstream = DownstreamApplication.application()
				.run("--server.port=" + downstreamPort, "--gateway.uri=http://localhost:" + gatewayPort);
			ConfigurableApplicationContext gateway = GatewayApplication.application()
				.run("--server.port=" + gatewayPort, "--downstream.uri=http://localhost:" + port(downstream),
						"--wechat.login.api-base-url=" + simulator.getBaseUrl());
			return new GatewaySample(simulator, downstream, gateway);
		}
		catch (RuntimeException ex) {
			if (downstream != null) {
				downstream.close();
			}
			simulator.close();
			throw ex;
		}
	}

	static GatewaySample startOnFreePorts() {
		return start(TestSocketUtils.findAvailableTcpPort(), 0, 0);
	}

	int gatewayPort() {
		return port(this.gateway);
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.gateway.close();
		this.downstream.close();
		this.simulator.close();
	}

	/**
	 * Runs the sample on a developer's machine until the process is stopped: the gateway on port
	 * 8080, the downstream service on 8081, the WeChat API simulator on 8089
	 * ({@code POST http://127.0.0.1:8089/simulator/codes} mints a login code). Start it with
	 * {@code ./mvnw -pl samples/gateway spring-boot:test-run} (after
	 * {@code ./mvnw -DskipTests install}) or from the IDE; see the sample's README.
	 * @param args unused
	 */
	public static void main(String[] args) {
		GatewaySample sample = start(8080, 8081, 8089);
		try {
			Runtime.getRuntime().addShutdownHook(new Thread(sample::close));
		}
		catch (IllegalStateException ex) {
			// stopped while starting: the simulator's thread would keep the JVM alive
			sample.close();
		}
	}

}
