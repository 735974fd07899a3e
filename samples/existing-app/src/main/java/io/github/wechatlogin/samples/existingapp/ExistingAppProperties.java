package io.github.wechatlogin.samples.existingapp;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the sample application.
 *
 * @author wechat-login developers
 */
@ConfigurationProperties("existing-app")
public class ExistingAppProperties {

	/**
	 * Openids of the mini program users granted ROLE_ADMIN at login (they may read
	 * /api/admin-report).
	 */
	private List<String> reportAdmins = new ArrayList<>();

	private final Admin admin = new Admin();

	public List<String> getReportAdmins() {
		return this.reportAdmins;
	}

	public void setReportAdmins(List<String> reportAdmins) {
		this.reportAdmins = reportAdmins;
	}

	public Admin getAdmin() {
		return this.admin;
	}

	/**
	 * The user of the admin console (form login).
	 */
	public static class Admin {

		/**
		 * User name.
		 */
		private String username = "admin";

		/**
		 * Password, with its encoding id: "{bcrypt}..." (or "{noop}..." in tests only).
		 */
		private String password = "";

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

	}

}
