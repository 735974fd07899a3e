package io.github.wechatlogin.integration;

/**
 * {@link JdbcRegistrationIntegrationTests} on a real PostgreSQL server.
 */
class PostgresJdbcRegistrationIntegrationTests extends JdbcRegistrationIntegrationTests {

	@Override
	DatabaseServer startDatabase() throws Exception {
		return DatabaseServer.postgres();
	}

}
