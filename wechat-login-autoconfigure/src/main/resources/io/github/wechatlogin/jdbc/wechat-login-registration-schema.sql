-- WeChat login registrations (wechat.login.registration-store: jdbc), for PostgreSQL and MySQL/MariaDB.
-- A row's login endpoint is {login-path}/{registration_id}. The starter never creates this table:
-- run this file with Flyway, Liquibase or spring.sql.init.
CREATE TABLE wechat_login_registration (
    registration_id VARCHAR(64) NOT NULL,
    type VARCHAR(16) NOT NULL,
    app_id VARCHAR(64) NOT NULL,
    secret VARCHAR(1024) NOT NULL,
    enabled BOOLEAN DEFAULT TRUE NOT NULL,
    redirect_path VARCHAR(512),
    allowed_redirect_paths VARCHAR(2000) DEFAULT 'pages/**' NOT NULL,
    PRIMARY KEY (registration_id)
);
