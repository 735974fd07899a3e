package io.github.wechatlogin.web;

import java.util.Collection;
import java.util.Map;

import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

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

	private final WeChatLoginEndpointRules rules;

	private final RequestMatcher defaultEndpoint;

	private final RequestMatcher registrationEndpoint;

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
		this.rules = new WeChatLoginEndpointRules(loginPath, registrations);
		this.defaultEndpoint = matchers.matcher(loginPath);
		this.registrationEndpoint = matchers.matcher(this.rules.getRegistrationPattern());
	}

	/**
	 * Return whether any id below the login path matches (the repository can change), rather than
	 * only those of a fixed set of registrations ({@link InMemoryWeChatRegistrationRepository}).
	 * @return whether the matcher takes any id for a registration's
	 */
	public boolean isDynamic() {
		return this.rules.isDynamic();
	}

	/**
	 * Set the paths of other endpoints that may lie directly below the login path (such as
	 * {@code {loginPath}/refresh}); they are never taken for a registration's login endpoint.
	 * Defaults to none.
	 * @param reservedPaths the paths
	 */
	public void setReservedPaths(Collection<String> reservedPaths) {
		this.rules.setReservedPaths(reservedPaths);
	}

	/**
	 * Return the login path.
	 * @return the login path
	 */
	public String getLoginPath() {
		return this.rules.getLoginPath();
	}

	/**
	 * Return the path of each login endpoint of the registrations the repository lists now.
	 * @return the paths, by registration id, in the order of the registrations
	 */
	public Map<String, String> getPaths() {
		return this.rules.getPaths();
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
			return this.rules.defaultRegistrationId();
		}
		MatchResult result = this.registrationEndpoint.matcher(request);
		return result.isMatch() ? this.rules.registrationId(result.getVariables().get(WeChatLoginEndpointRules.getVariable()))
				: null;
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
		return this.rules.findEnabled(registrationId);
	}

	@Override
	public String toString() {
		return "WeChatLoginRequestMatcher[loginPath=" + getLoginPath() + "]";
	}

}
