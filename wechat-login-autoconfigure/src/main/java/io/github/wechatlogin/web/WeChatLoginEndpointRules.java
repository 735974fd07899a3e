package io.github.wechatlogin.web;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.wechatlogin.core.InMemoryWeChatRegistrationRepository;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which paths are login endpoints and of which registration, without a web stack: the rules of
 * {@link WeChatLoginRequestMatcher} (servlet) and of its WebFlux counterpart. {@code {loginPath}}
 * is the {@value WeChatRegistration#DEFAULT_REGISTRATION_ID} registration's, and
 * {@code {loginPath}/{registrationId}} each other one's: for a fixed set of registrations
 * ({@link InMemoryWeChatRegistrationRepository}) only their ids, for a repository that can change
 * any id ({@link #isDynamic()}), but never a reserved name ({@code default}, {@code refresh},
 * {@code logout}, {@code phone-number}) nor the last segment of another endpoint's path below
 * the login path.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginEndpointRules {

	private static final String VARIABLE = "registrationId";

	/** Names that are never registrations below the login path, wherever the endpoints are. */
	private static final Set<String> RESERVED_IDS = Set.of(WeChatRegistration.DEFAULT_REGISTRATION_ID, "refresh",
			"logout", "phone-number");

	private final String loginPath;

	private final WeChatRegistrationRepository registrations;

	private final PathPattern defaultEndpoint;

	private final PathPattern registrationEndpoint;

	/** The ids of a fixed set of registrations, or {@code null} if the repository can change. */
	private final @Nullable Set<String> fixedIds;

	private volatile Set<String> reservedIds = RESERVED_IDS;

	/**
	 * Create the rules of the registrations of the repository.
	 * @param loginPath the login path, starting with {@code /}
	 * @param registrations the registrations
	 */
	public WeChatLoginEndpointRules(String loginPath, WeChatRegistrationRepository registrations) {
		Assert.isTrue(StringUtils.hasText(loginPath) && loginPath.startsWith("/") && !loginPath.endsWith("/"),
				"loginPath must start with '/' and must not end with '/'");
		Assert.notNull(registrations, "registrations cannot be null");
		this.loginPath = loginPath;
		this.registrations = registrations;
		this.defaultEndpoint = PathPatternParser.defaultInstance.parse(loginPath);
		this.registrationEndpoint = PathPatternParser.defaultInstance.parse(loginPath + "/{" + VARIABLE + "}");
		if (registrations instanceof InMemoryWeChatRegistrationRepository) {
			Set<String> ids = new HashSet<>();
			for (WeChatRegistration registration : registrations) {
				ids.add(registration.getRegistrationId());
			}
			this.fixedIds = Set.copyOf(ids);
		}
		else {
			this.fixedIds = null;
		}
	}

	/**
	 * Return the pattern of the registrations' endpoints, with the variable {@code registrationId}.
	 * @return the pattern, {@code {loginPath}/{registrationId}}
	 */
	String getRegistrationPattern() {
		return this.loginPath + "/{" + VARIABLE + "}";
	}

	/**
	 * Return the name of the variable of {@link #getRegistrationPattern()}.
	 * @return {@code registrationId}
	 */
	static String getVariable() {
		return VARIABLE;
	}

	/**
	 * Set the paths of other endpoints that may lie directly below the login path; their last
	 * segment is never taken for a registration id. Defaults to none.
	 * @param reservedPaths the paths
	 */
	public void setReservedPaths(Collection<String> reservedPaths) {
		Assert.notNull(reservedPaths, "reservedPaths cannot be null");
		Set<String> reserved = new HashSet<>(RESERVED_IDS);
		String prefix = this.loginPath + "/";
		for (String path : reservedPaths) {
			if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) == -1) {
				reserved.add(path.substring(prefix.length()));
			}
		}
		this.reservedIds = Set.copyOf(reserved);
	}

	/**
	 * Return whether any id below the login path is taken for a registration's, rather than only
	 * those of a fixed set.
	 * @return whether the repository can change
	 */
	public boolean isDynamic() {
		return this.fixedIds == null;
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

	/**
	 * Return the registration id of a path within the application.
	 * @param path the path, without the context path
	 * @return the registration id, or {@code null} if the path is not a login endpoint
	 */
	public @Nullable String resolveRegistrationId(PathContainer path) {
		if (this.defaultEndpoint.matches(path)) {
			return defaultRegistrationId();
		}
		PathPattern.PathMatchInfo match = this.registrationEndpoint.matchAndExtract(path);
		return (match != null) ? registrationId(match.getUriVariables().get(VARIABLE)) : null;
	}

	/**
	 * Return the id of the default registration if its endpoint is a login endpoint.
	 * @return {@value WeChatRegistration#DEFAULT_REGISTRATION_ID}, or {@code null}
	 */
	@Nullable String defaultRegistrationId() {
		return (this.fixedIds == null || this.fixedIds.contains(WeChatRegistration.DEFAULT_REGISTRATION_ID))
				? WeChatRegistration.DEFAULT_REGISTRATION_ID : null;
	}

	/**
	 * Return the id of {@code {loginPath}/{id}} if it is a login endpoint.
	 * @param id the last segment of the path
	 * @return the id, or {@code null}
	 */
	@Nullable String registrationId(@Nullable String id) {
		if (id == null || this.reservedIds.contains(id) || (this.fixedIds != null && !this.fixedIds.contains(id))) {
			return null;
		}
		return id;
	}

	/**
	 * Return the enabled registration of the given id, looked up now (a database repository
	 * blocks).
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

}
