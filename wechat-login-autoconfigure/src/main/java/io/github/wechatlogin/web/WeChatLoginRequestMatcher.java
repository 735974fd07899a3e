package io.github.wechatlogin.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Matches the login endpoints, whatever the HTTP method: {@code {loginPath}} for the
 * {@value WeChatRegistration#DEFAULT_REGISTRATION_ID} registration and
 * {@code {loginPath}/{registrationId}} for each other one, and tells which registration a
 * request is for.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginRequestMatcher implements RequestMatcher {

	/**
	 * The default login path.
	 */
	public static final String DEFAULT_LOGIN_PATH = "/login/wechat";

	private final String loginPath;

	private final List<Endpoint> endpoints;

	/**
	 * Create a matcher for the registrations of the repository.
	 * @param loginPath the login path, starting with {@code /}
	 * @param registrations the registrations
	 */
	public WeChatLoginRequestMatcher(String loginPath, WeChatRegistrationRepository registrations) {
		this(PathPatternRequestMatcher.withDefaults(), loginPath, registrations);
	}

	/**
	 * Create a matcher for the registrations of the repository, with matchers of the given
	 * builder (such as Spring Boot's, which knows {@code spring.mvc.servlet.path}).
	 * @param matchers the builder of the path matchers
	 * @param loginPath the login path, starting with {@code /}
	 * @param registrations the registrations
	 */
	public WeChatLoginRequestMatcher(PathPatternRequestMatcher.Builder matchers, String loginPath,
			WeChatRegistrationRepository registrations) {
		Assert.notNull(matchers, "matchers cannot be null");
		Assert.isTrue(StringUtils.hasText(loginPath) && loginPath.startsWith("/") && !loginPath.endsWith("/"),
				"loginPath must start with '/' and must not end with '/'");
		Assert.notNull(registrations, "registrations cannot be null");
		this.loginPath = loginPath;
		List<Endpoint> endpoints = new ArrayList<>();
		for (WeChatRegistration registration : registrations) {
			String id = registration.getRegistrationId();
			String path = WeChatRegistration.DEFAULT_REGISTRATION_ID.equals(id) ? loginPath : loginPath + "/" + id;
			endpoints.add(new Endpoint(matchers.matcher(path), path, id));
		}
		this.endpoints = List.copyOf(endpoints);
	}

	/**
	 * Return the login path.
	 * @return the login path
	 */
	public String getLoginPath() {
		return this.loginPath;
	}

	/**
	 * Return the path of each login endpoint.
	 * @return the paths, by registration id, in the order of the registrations
	 */
	public Map<String, String> getPaths() {
		Map<String, String> paths = new LinkedHashMap<>();
		for (Endpoint endpoint : this.endpoints) {
			paths.put(endpoint.registrationId(), endpoint.path());
		}
		return paths;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return resolveRegistrationId(request) != null;
	}

	/**
	 * Return the id of the registration the request logs in with.
	 * @param request the request
	 * @return the registration id, or {@code null} if the request is not for a login endpoint
	 */
	public @Nullable String resolveRegistrationId(HttpServletRequest request) {
		for (Endpoint endpoint : this.endpoints) {
			if (endpoint.matcher().matches(request)) {
				return endpoint.registrationId();
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return "WeChatLoginRequestMatcher[loginPath=" + this.loginPath + "]";
	}

	private record Endpoint(RequestMatcher matcher, String path, String registrationId) {
	}

}
