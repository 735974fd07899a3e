package io.github.wechatlogin.web.server;

import java.util.Collection;
import java.util.Map;

import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.web.WeChatLoginEndpointRules;
import io.github.wechatlogin.web.WeChatLoginRequestMatcher;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * Matches the login endpoints on WebFlux, whatever the HTTP method, with the rules of the
 * servlet {@link WeChatLoginRequestMatcher} ({@link WeChatLoginEndpointRules}):
 * {@code {loginPath}} for the {@value WeChatRegistration#DEFAULT_REGISTRATION_ID} registration
 * and {@code {loginPath}/{registrationId}} for each other one, on the path within the
 * application.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginServerWebExchangeMatcher implements ServerWebExchangeMatcher {

	private final WeChatLoginEndpointRules rules;

	/**
	 * Create a matcher for the registrations of the repository.
	 * @param loginPath the login path, starting with {@code /}
	 * @param registrations the registrations
	 */
	public WeChatLoginServerWebExchangeMatcher(String loginPath, WeChatRegistrationRepository registrations) {
		this.rules = new WeChatLoginEndpointRules(loginPath, registrations);
	}

	/**
	 * Set the paths of other endpoints that may lie directly below the login path; they are never
	 * taken for a registration's login endpoint. Defaults to none.
	 * @param reservedPaths the paths
	 */
	public void setReservedPaths(Collection<String> reservedPaths) {
		this.rules.setReservedPaths(reservedPaths);
	}

	/**
	 * Return whether any id below the login path matches (the repository can change).
	 * @return whether the registrations are looked up per request
	 */
	public boolean isDynamic() {
		return this.rules.isDynamic();
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
	 * @return the paths, by registration id
	 */
	public Map<String, String> getPaths() {
		return this.rules.getPaths();
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		return (resolveRegistrationId(exchange) != null) ? MatchResult.match() : MatchResult.notMatch();
	}

	/**
	 * Return the id of the registration the request logs in with, from its path alone.
	 * @param exchange the exchange
	 * @return the registration id, or {@code null} if the request is not for a login endpoint
	 */
	public @Nullable String resolveRegistrationId(ServerWebExchange exchange) {
		return this.rules.resolveRegistrationId(exchange.getRequest().getPath().pathWithinApplication());
	}

	/**
	 * Return the enabled registration of the given id, looked up now (a database repository
	 * blocks: call it off the event loop).
	 * @param registrationId the registration id
	 * @return the registration, or {@code null} if it is unknown or disabled
	 */
	public @Nullable WeChatRegistration findEnabled(String registrationId) {
		return this.rules.findEnabled(registrationId);
	}

	@Override
	public String toString() {
		return "WeChatLoginServerWebExchangeMatcher[loginPath=" + getLoginPath() + "]";
	}

}
