package io.github.wechatlogin.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
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
 * <p>
 * When the registrations are a fixed set ({@link InMemoryWeChatRegistrationRepository}: those of
 * {@code wechat.login.*}), only their endpoints match, as they are at creation: other paths below
 * the login path stay the application's. When the repository can change (any other one: a
 * database behind a {@code CachingWeChatRegistrationRepository}, or the application's own), the
 * registration is looked up when the request arrives
 * ({@link #resolveRegistration(HttpServletRequest)}), so a registration added to the repository
 * later logs in without a restart, and a request for an id the repository does not know (or for
 * a disabled registration) still matches, so that the login filter can refuse it with
 * {@code unknown_registration} ({@link #isDynamic()}). Paths of other endpoints below the login path (refresh, phone
 * number, ...) are not matched once {@link #setReservedPaths(Collection) reserved}, and neither
 * are the names {@code default}, {@code refresh}, {@code logout} and {@code phone-number}, which
 * no registration below the login path may have.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginRequestMatcher implements RequestMatcher {

	/**
	 * The default login path.
	 */
	public static final String DEFAULT_LOGIN_PATH = "/login/wechat";

	private static final String VARIABLE = "registrationId";

	/** Names that are never registrations below the login path, wherever the endpoints are. */
	private static final java.util.Set<String> RESERVED_IDS = java.util.Set.of(
			WeChatRegistration.DEFAULT_REGISTRATION_ID, "refresh", "logout", "phone-number");

	private final PathPatternRequestMatcher.Builder matchers;

	private final String loginPath;

	private final WeChatRegistrationRepository registrations;

	private final RequestMatcher defaultEndpoint;

	private final RequestMatcher registrationEndpoint;

	private List<RequestMatcher> reserved = List.of();

	/** The ids of a fixed set of registrations, or {@code null} if the repository can change. */
	private final java.util.@Nullable Set<String> fixedIds;

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
		this.matchers = matchers;
		this.loginPath = loginPath;
		this.registrations = registrations;
		this.defaultEndpoint = matchers.matcher(loginPath);
		this.registrationEndpoint = matchers.matcher(loginPath + "/{" + VARIABLE + "}");
		if (registrations instanceof InMemoryWeChatRegistrationRepository) {
			java.util.Set<String> ids = new java.util.HashSet<>();
			for (WeChatRegistration registration : registrations) {
				ids.add(registration.getRegistrationId());
			}
			this.fixedIds = java.util.Set.copyOf(ids);
		}
		else {
			this.fixedIds = null;
		}
	}

	/**
	 * Return whether any id below the login path matches (the repository can change), rather than
	 * only those of a fixed set of registrations ({@link InMemoryWeChatRegistrationRepository}).
	 * @return whether the matcher takes any id for a registration's
	 */
	public boolean isDynamic() {
		return this.fixedIds == null;
	}

	/**
	 * Set the paths of other endpoints that may lie directly below the login path (such as
	 * {@code {loginPath}/refresh}); they are never taken for a registration's login endpoint.
	 * Defaults to none.
	 * @param reservedPaths the paths
	 */
	public void setReservedPaths(Collection<String> reservedPaths) {
		Assert.notNull(reservedPaths, "reservedPaths cannot be null");
		List<RequestMatcher> reserved = new ArrayList<>();
		for (String path : reservedPaths) {
			reserved.add(this.matchers.matcher(path));
		}
		this.reserved = List.copyOf(reserved);
	}

	/**
	 * Return the login path.
	 * @return the login path
	 */
	public String getLoginPath() {
		return this.loginPath;
	}

	/**
	 * Return the path of each login endpoint of the registrations the repository lists now.
	 * @return the paths, by registration id, in the order of the registrations
	 */
	public Map<String, String> getPaths() {
		Map<String, String> paths = new LinkedHashMap<>();
		for (WeChatRegistration registration : this.registrations) {
			String id = registration.getRegistrationId();
			paths.put(id, WeChatRegistration.DEFAULT_REGISTRATION_ID.equals(id) ? this.loginPath
					: this.loginPath + "/" + id);
		}
		return paths;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return resolveRegistrationId(request) != null;
	}

	/**
	 * Return the id of the registration the request logs in with, from its path alone: the
	 * registration may be unknown or disabled.
	 * @param request the request
	 * @return the registration id, or {@code null} if the request is not for a login endpoint
	 */
	public @Nullable String resolveRegistrationId(HttpServletRequest request) {
		if (this.defaultEndpoint.matches(request)) {
			return (this.fixedIds == null || this.fixedIds.contains(WeChatRegistration.DEFAULT_REGISTRATION_ID))
					? WeChatRegistration.DEFAULT_REGISTRATION_ID : null;
		}
		MatchResult result = this.registrationEndpoint.matcher(request);
		if (!result.isMatch()) {
			return null;
		}
		String id = result.getVariables().get(VARIABLE);
		if (id == null || RESERVED_IDS.contains(id) || (this.fixedIds != null && !this.fixedIds.contains(id))) {
			return null;
		}
		for (RequestMatcher reserved : this.reserved) {
			if (reserved.matches(request)) {
				return null;
			}
		}
		return id;
	}

	/**
	 * Return the enabled registration the request logs in with, looked up now.
	 * @param request the request
	 * @return the registration, or {@code null} if the request is not for a login endpoint or
	 * its registration is unknown or disabled
	 */
	public @Nullable WeChatRegistration resolveRegistration(HttpServletRequest request) {
		String id = resolveRegistrationId(request);
		return (id != null) ? findEnabled(id) : null;
	}

	/**
	 * Return the enabled registration of the given id, looked up now.
	 * @param registrationId the registration id
	 * @return the registration, or {@code null} if it is unknown or disabled
	 */
	public @Nullable WeChatRegistration findEnabled(String registrationId) {
		if (!WeChatRegistration.isValidRegistrationId(registrationId)
				&& !WeChatRegistration.DEFAULT_REGISTRATION_ID.equals(registrationId)) {
			// never a lookup for what cannot be an id (a flood of junk paths)
			return null;
		}
		WeChatRegistration registration = this.registrations.findByRegistrationId(registrationId);
		return (registration != null && registration.isEnabled()) ? registration : null;
	}

	@Override
	public String toString() {
		return "WeChatLoginRequestMatcher[loginPath=" + this.loginPath + "]";
	}

}
