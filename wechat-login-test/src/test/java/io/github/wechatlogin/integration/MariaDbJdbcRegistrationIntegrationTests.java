package io.github.wechatlogin.integration;

/**
 * {@link JdbcRegistrationIntegrationTests} on a real MariaDB server (the MySQL dialect).
 */
class MariaDbJdbcRegistrationIntegrationTests extends JdbcRegistrationIntegrationTests {

	@Override
	DatabaseServer startDatabase() throws Exception {
		return DatabaseServer.mariadb();
	}

}
