package io.github.wechatlogin.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A {@link WeChatRegistrationRepository} that reads the table {@value #TABLE_NAME} through JDBC,
 * at every lookup (put a {@link io.github.wechatlogin.core.CachingWeChatRegistrationRepository}
 * in front of it). The schema is {@value #SCHEMA_LOCATION} on the classpath; this class never
 * creates or changes the table.
 * <p>
 * A row that cannot be a registration (an id that is no valid path segment or is reserved, an
 * unknown type, an empty app id or secret, a secret the {@link WeChatSecretDecoder} refuses) is
 * treated as absent and logged, without its secret. Ids are case-sensitive: a row whose
 * {@code registration_id} differs from the id asked for only by case (which the default
 * collations of MySQL and MariaDB match) is absent.
 *
 * @author wechat-login developers
 */
public final class JdbcWeChatRegistrationRepository implements WeChatRegistrationRepository {

	/**
	 * The table of the registrations.
	 */
	public static final String TABLE_NAME = "wechat_login_registration";

	/**
	 * The classpath location of the table's schema (PostgreSQL and MySQL/MariaDB).
	 */
	public static final String SCHEMA_LOCATION = "io/github/wechatlogin/jdbc/wechat-login-registration-schema.sql";

	private static final String COLUMNS = "registration_id, type, app_id, secret, enabled, redirect_path, "
			+ "allowed_redirect_paths";

	private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM " + TABLE_NAME
			+ " WHERE registration_id = ?";

	private static final String FIND_ALL = "SELECT " + COLUMNS + " FROM " + TABLE_NAME + " ORDER BY registration_id";

	private static final List<String> RESERVED_IDS = List.of("refresh", "logout", "phone-number");

	private static final Log logger = LogFactory.getLog(JdbcWeChatRegistrationRepository.class);

	private final JdbcOperations jdbc;

	private WeChatSecretDecoder secretDecoder = WeChatSecretDecoder.plainText();

	/**
	 * Create a repository on the given JDBC operations.
	 * @param jdbc the JDBC operations (a {@code JdbcTemplate} of the application's
	 * {@code DataSource})
	 */
	public JdbcWeChatRegistrationRepository(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Set the decoder of the {@code secret} column. Defaults to
	 * {@link WeChatSecretDecoder#plainText()}.
	 * @param secretDecoder the decoder
	 */
	public void setSecretDecoder(WeChatSecretDecoder secretDecoder) {
		Assert.notNull(secretDecoder, "secretDecoder cannot be null");
		this.secretDecoder = secretDecoder;
	}

	@Override
	public @Nullable WeChatRegistration findByRegistrationId(String registrationId) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		List<@Nullable WeChatRegistration> rows = this.jdbc.query(FIND_BY_ID, this::map, registrationId);
		for (WeChatRegistration row : rows) {
			// exactly this id: MySQL's and MariaDB's default collations ignore case, so that
			// 'TENANT-A' finds the row 'tenant-a', which is another registration (ids are
			// case-sensitive, as paths are)
			if (row != null && registrationId.equals(row.getRegistrationId())) {
				return row;
			}
		}
		return null;
	}

	/**
	 * Return every usable registration of the table, ordered by id, read now.
	 * @return an iterator over the registrations
	 */
	@Override
	public Iterator<WeChatRegistration> iterator() {
		List<WeChatRegistration> registrations = new ArrayList<>();
		this.jdbc.query(FIND_ALL, (ResultSet rs) -> {
			WeChatRegistration registration = map(rs, 0);
			if (registration != null) {
				registrations.add(registration);
			}
		});
		return registrations.iterator();
	}

	private @Nullable WeChatRegistration map(ResultSet rs, int rowNum) throws SQLException {
		String id = rs.getString("registration_id");
		String type = rs.getString("type");
		String appId = rs.getString("app_id");
		String secret = rs.getString("secret");
		boolean enabled = rs.getBoolean("enabled");
		String redirectPath = rs.getString("redirect_path");
		String allowed = rs.getString("allowed_redirect_paths");
		if (id == null || !isUsableId(id)) {
			logger.warn("Ignoring the WeChat registration row '" + id + "' of " + TABLE_NAME
					+ ": its registration_id is no valid path segment (letters, digits, '-', '_', at most 64) "
					+ "or is reserved " + RESERVED_IDS);
			return null;
		}
		WeChatAppType appType = parseType(type);
		if (appType == null || !StringUtils.hasText(appId) || !StringUtils.hasText(secret)) {
			logger.warn("Ignoring the WeChat registration row '" + id + "' of " + TABLE_NAME
					+ ": type must be 'mini-program' or 'multi-app', app_id and secret must not be empty");
			return null;
		}
		String decoded;
		try {
			decoded = this.secretDecoder.decode(id, secret.trim());
		}
		catch (RuntimeException ex) {
			// never the exception's message: it may hold the stored value
			logger.warn("Ignoring the WeChat registration row '" + id + "' of " + TABLE_NAME
					+ ": the WeChatSecretDecoder failed (" + ex.getClass().getName() + ")");
			return null;
		}
		if (!StringUtils.hasText(decoded)) {
			logger.warn("Ignoring the WeChat registration row '" + id + "' of " + TABLE_NAME
					+ ": the WeChatSecretDecoder answered an empty secret");
			return null;
		}
		return WeChatRegistration.withRegistrationId(id)
			.type(appType)
			.appId(appId.trim())
			.secret(decoded)
			.enabled(enabled)
			.redirectPath(StringUtils.hasText(redirectPath) ? redirectPath.trim() : null)
			.allowedRedirectPaths(parseList(allowed))
			.build();
	}

	private static boolean isUsableId(String id) {
		return WeChatRegistration.DEFAULT_REGISTRATION_ID.equals(id)
				|| (WeChatRegistration.isValidRegistrationId(id) && !RESERVED_IDS.contains(id));
	}

	private static @Nullable WeChatAppType parseType(@Nullable String type) {
		if (type == null) {
			return null;
		}
		return switch (type.trim().toLowerCase(Locale.ROOT)) {
			case "mini-program" -> WeChatAppType.MINI_PROGRAM;
			case "multi-app" -> WeChatAppType.MULTI_APP;
			default -> null;
		};
	}

	private static List<String> parseList(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::trim).filter((item) -> !item.isEmpty()).toList();
	}

	@Override
	public String toString() {
		return "JdbcWeChatRegistrationRepository[" + TABLE_NAME + "]";
	}

}
