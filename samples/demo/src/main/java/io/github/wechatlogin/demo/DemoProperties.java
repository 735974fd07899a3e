package io.github.wechatlogin.demo;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the demo application.
 *
 * @author wechat-login developers
 */
@ConfigurationProperties("demo")
public class DemoProperties {

	/**
	 * Openids of the users granted ROLE_ADMIN at login.
	 */
	private List<String> admins = new ArrayList<>();

	private final Simulator simulator = new Simulator();

	public List<String> getAdmins() {
		return this.admins;
	}

	public void setAdmins(List<String> admins) {
		this.admins = admins;
	}

	public Simulator getSimulator() {
		return this.simulator;
	}

	/**
	 * The embedded simulator of the WeChat server API.
	 */
	public static class Simulator {

		/**
		 * Whether to start the embedded WeChat API simulator and send the WeChat API calls to
		 * it. Turn it off to use wechat.login.* as configured.
		 */
		private boolean enabled = true;

		/**
		 * Port the simulator listens on, on 127.0.0.1; 0 for a free one.
		 */
		private int port = 8089;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

}
