package io.github.wechatlogin.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Builds the registrations of {@link WeChatLoginProperties}, refusing a configuration that
 * cannot work with a message that says what to set.
 *
 * @author wechat-login developers
 */
final class WeChatRegistrationsFactory {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private static final Set<String> RESERVED_NAMES = Set.of(WeChatRegistration.DEFAULT_REGISTRATION_ID, "refresh",
			"logout", "phone-number");

	private WeChatRegistrationsFactory() {
	}

	static InMemoryWeChatRegistrationRepository create(WeChatLoginProperties properties) {
		InMemoryWeChatRegistrationRepository registrations = createOptional(properties);
		if (registrations == null) {
			throw new WeChatLoginConfigurationException("No WeChat application is configured for WeChat login.",
					"Set wechat.login.app-id and wechat.login.secret (and wechat.login.type: multi-app or mini-program), "
							+ "or wechat.login.apps.<name>.app-id and .secret, or set wechat.login.registration-store "
							+ "to jdbc, or define a WeChatRegistrationRepository bean.");
		}
		return registrations;
	}

	/**
	 * Return the registrations of the properties, or {@code null} if there are none.
	 */
	static @Nullable InMemoryWeChatRegistrationRepository createOptional(WeChatLoginProperties properties) {
		validateEndpoints(properties);
		List<WeChatRegistration> registrations = new ArrayList<>();
		if (StringUtils.hasText(properties.getAppId()) || StringUtils.hasText(properties.getSecret())) {
			registrations.add(registration(WeChatRegistration.DEFAULT_REGISTRATION_ID, "wechat.login",
					properties.getType(), properties.getAppId(), properties.getSecret(), properties.getRedirectPath(),
					properties.getAllowedRedirectPaths(), properties.getAppKey()));
		}
		for (Map.Entry<String, WeChatLoginProperties.App> entry : properties.getApps().entrySet()) {
			String name = entry.getKey();
			WeChatLoginProperties.App app = entry.getValue();
			if (!NAME.matcher(name).matches() || RESERVED_NAMES.contains(name)) {
				throw new WeChatLoginConfigurationException(
						"'" + name + "' cannot name a WeChat registration in wechat.login.apps.",
						"Use letters, digits, '-' and '_' (at most 64), and none of " + RESERVED_NAMES + ".");
			}
			registrations.add(registration(name, "wechat.login.apps." + name,
					(app.getType() != null) ? app.getType() : properties.getType(), app.getAppId(), app.getSecret(),
					app.getRedirectPath(), (app.getAllowedRedirectPaths() != null) ? app.getAllowedRedirectPaths()
							: properties.getAllowedRedirectPaths(), app.getAppKey()));
		}
		return registrations.isEmpty() ? null : new InMemoryWeChatRegistrationRepository(registrations);
	}

	private static WeChatRegistration registration(String id, String prefix, WeChatAppType type,
			@Nullable String appId, @Nullable String secret, @Nullable String redirectPath, List<String> allowed,
			@Nullable String appKey) {
		String kind = (type == WeChatAppType.MULTI_APP) ? "multi-terminal application's" : "mini program's";
		if (!StringUtils.hasText(appId)) {
			throw new WeChatLoginConfigurationException(prefix + ".app-id is not set.",
					"Set " + prefix + ".app-id to the " + kind + " app id.");
		}
		if (!StringUtils.hasText(secret)) {
			throw new WeChatLoginConfigurationException(
					prefix + ".secret is not set for app id " + appId.trim() + ".",
					"Set " + prefix + ".secret to the " + kind + " app secret (from an environment variable, "
							+ "not a committed file).");
		}
		return WeChatRegistration.withRegistrationId(id)
			.type(type)
			.appId(appId.trim())
			.secret(secret.trim())
			.redirectPath(StringUtils.hasText(redirectPath) ? redirectPath : null)
			.allowedRedirectPaths(allowed)
			.appKey(StringUtils.hasText(appKey) ? appKey.trim() : null)
			.build();
	}

	private static void validateEndpoints(WeChatLoginProperties properties) {
		WeChatLoginSecurityAutoConfiguration.plainPath(properties.getLoginPath(), "wechat.login.login-path",
				"/login/wechat");
		String baseUrl = properties.getApiBaseUrl();
		URI uri;
		try {
			uri = URI.create(baseUrl);
		}
		catch (IllegalArgumentException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null
				|| !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
			throw new WeChatLoginConfigurationException(
					"wechat.login.api-base-url '" + baseUrl + "' is not an http(s) URL.",
					"Remove wechat.login.api-base-url to use https://api.weixin.qq.com, or set it to your proxy's URL.");
		}
	}

}
