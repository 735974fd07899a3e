package io.github.wechatlogin.config;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.debug.DebugFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.context.WebApplicationContext;

/**
 * Checks, once every singleton exists, that each endpoint a {@link WeChatLoginConfigurer}
 * installed is reached: that a request to it is handled by the {@link SecurityFilterChain} that
 * holds WeChat login, and not by an earlier chain or by none because of the chain's
 * {@code securityMatcher}. A configuration where an endpoint cannot be reached fails the start-up
 * with a message that names the endpoint and the property or configurer method that moves it.
 * Also warns when WeChat login is configured but no chain applies it.
 * <p>
 * The check sends each chain's request matcher a synthetic request for the endpoint (its method
 * and path, below {@code spring.mvc.servlet.path} when the endpoint's own matcher expects it); a
 * matcher that cannot answer such a request is skipped, with a debug message.
 *
 * @author wechat-login developers
 */
public final class WeChatLoginChainVerifier implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(WeChatLoginChainVerifier.class);

	private final ListableBeanFactory beanFactory;

	private final List<String> servletPaths;

	private @Nullable ServletContext servletContext;

	private final List<Registration> registrations = new CopyOnWriteArrayList<>();

	/**
	 * Create a new instance.
	 * @param beanFactory the bean factory that holds the {@link FilterChainProxy}
	 * @param servletPath the servlet path of the application's {@code DispatcherServlet}
	 * ({@code spring.mvc.servlet.path}), or {@code null} for {@code /}
	 */
	public WeChatLoginChainVerifier(ListableBeanFactory beanFactory, @Nullable String servletPath) {
		Assert.notNull(beanFactory, "beanFactory cannot be null");
		this.beanFactory = beanFactory;
		List<String> paths = new ArrayList<>();
		paths.add("");
		if (StringUtils.hasText(servletPath) && !"/".equals(servletPath.trim())) {
			String trimmed = servletPath.trim();
			paths.add(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
		}
		this.servletPaths = List.copyOf(paths);
	}


	void register(Filter loginFilter, List<WeChatLoginEndpoint> endpoints) {
		this.registrations.add(new Registration(loginFilter, List.copyOf(endpoints)));
	}

	@Override
	public void afterSingletonsInstantiated() {
		// matchers such as Spring Boot's EndpointRequest find the application context through it
		this.servletContext = (this.beanFactory instanceof WebApplicationContext web) ? web.getServletContext()
				: null;
		// looked up first: with lazy initialization, building the chains is what registers them here
		List<FilterChainProxy> proxies = new ArrayList<>(
				this.beanFactory.getBeansOfType(FilterChainProxy.class, false, false).values());
		// @EnableWebSecurity(debug = true) wraps the proxy
		for (DebugFilter debug : this.beanFactory.getBeansOfType(DebugFilter.class, false, false).values()) {
			proxies.add(debug.getFilterChainProxy());
		}
		if (this.registrations.isEmpty()) {
			logger.warn("WeChat login is configured, but no SecurityFilterChain applies it: add "
					+ "http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults()) to the chain that "
					+ "should serve the mini program, or remove the starter");
			return;
		}
		for (FilterChainProxy proxy : proxies) {
			List<SecurityFilterChain> chains = proxy.getFilterChains();
			for (Registration registration : this.registrations) {
				int owner = indexOf(chains, registration.loginFilter());
				if (owner >= 0) {
					for (WeChatLoginEndpoint endpoint : registration.endpoints()) {
						verify(chains, owner, endpoint);
					}
				}
			}
		}
	}

	private void verify(List<SecurityFilterChain> chains, int owner, WeChatLoginEndpoint endpoint) {
		String servletPath = servletPathOf(endpoint);
		if (servletPath == null) {
			logger.debug("Could not build a request that " + endpoint.description() + " matches; not checked");
			return;
		}
		int handler = -1;
		for (int i = 0; i < chains.size(); i++) {
			Boolean matches = matches(chains.get(i), probe(endpoint, servletPath, this.servletContext));
			if (matches == null) {
				if (i == owner) {
					return;
				}
				// a chain that cannot answer a synthetic request is left out of the check
				continue;
			}
			if (matches) {
				handler = i;
				break;
			}
		}
		if (handler == owner) {
			return;
		}
		String handledBy;
		if (handler < 0) {
			handledBy = "no SecurityFilterChain matches it (its securityMatcher does not match it)";
		}
		else if (handler < owner) {
			handledBy = "it is handled by an earlier SecurityFilterChain (" + describe(chains.get(handler)) + ")";
		}
		else {
			handledBy = "its securityMatcher does not match it, so it is handled by a later SecurityFilterChain ("
					+ describe(chains.get(handler)) + ")";
		}
		throw new IllegalStateException("WeChat login's " + endpoint.description() + " (" + endpoint.method() + " "
				+ servletPath + endpoint.path() + ") cannot be reached: it is installed in the SecurityFilterChain "
				+ describe(chains.get(owner)) + ", but " + handledBy + ". Move it with " + endpoint.movedBy()
				+ " to a path that its chain matches (below /api for securityMatcher(\"/api/**\")), or change "
				+ "the chains' securityMatcher or order. (A chain chosen by a header or the host cannot be "
				+ "checked with the path alone: then set wechat.login.verify-chains=false.)");
	}

	private @Nullable String servletPathOf(WeChatLoginEndpoint endpoint) {
		for (String servletPath : this.servletPaths) {
			try {
				if (endpoint.matcher().matches(probe(endpoint, servletPath, this.servletContext))) {
					return servletPath;
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not match a request to " + endpoint.description(), ex);
			}
		}
		return null;
	}

	private static @Nullable Boolean matches(SecurityFilterChain chain, HttpServletRequest request) {
		try {
			return chain.matches(request);
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not check whether " + describe(chain) + " matches a WeChat login endpoint", ex);
			}
			return null;
		}
	}

	private static int indexOf(List<SecurityFilterChain> chains, Object loginFilter) {
		for (int i = 0; i < chains.size(); i++) {
			for (Filter filter : chains.get(i).getFilters()) {
				if (filter == loginFilter) {
					return i;
				}
			}
		}
		return -1;
	}

	private static String describe(SecurityFilterChain chain) {
		if (chain instanceof DefaultSecurityFilterChain defaultChain) {
			return "with request matcher " + defaultChain.getRequestMatcher();
		}
		return chain.getClass().getName();
	}

	/**
	 * A request to the endpoint, answering what a request matcher asks of a request line; no
	 * headers, parameters, body or session.
	 */
	static HttpServletRequest probe(WeChatLoginEndpoint endpoint, String servletPath) {
		return probe(endpoint, servletPath, null);
	}

	static HttpServletRequest probe(WeChatLoginEndpoint endpoint, String servletPath,
			@Nullable ServletContext servletContext) {
		String uri = servletPath + endpoint.path();
		Map<String, Object> attributes = new HashMap<>();
		return (HttpServletRequest) Proxy.newProxyInstance(WeChatLoginChainVerifier.class.getClassLoader(),
				new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getMethod" -> endpoint.method().name();
					case "getRequestURI" -> uri;
					case "getRequestURL" -> new StringBuffer("http://localhost").append(uri);
					case "getContextPath" -> "";
					case "getServletPath" -> servletPath.isEmpty() ? endpoint.path() : servletPath;
					case "getPathInfo" -> servletPath.isEmpty() ? null : endpoint.path();
					case "getScheme" -> "http";
					case "getProtocol" -> "HTTP/1.1";
					case "getServerName", "getLocalName", "getRemoteHost" -> "localhost";
					case "getServerPort", "getLocalPort" -> 80;
					case "getRemoteAddr", "getLocalAddr" -> "127.0.0.1";
					case "getDispatcherType" -> DispatcherType.REQUEST;
					case "getHttpServletMapping" -> mapping(servletPath, endpoint.path());
					case "getServletContext" -> servletContext;
					case "getLocale" -> Locale.ROOT;
					case "getAttribute" -> attributes.get((String) args[0]);
					case "setAttribute" -> {
						attributes.put((String) args[0], args[1]);
						yield null;
					}
					case "removeAttribute" -> attributes.remove((String) args[0]);
					case "getAttributeNames" -> Collections.enumeration(new LinkedHashSet<>(attributes.keySet()));
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "probe " + endpoint.method() + " " + uri;
					default -> defaultValue(method);
				});
	}

	private static HttpServletMapping mapping(String servletPath, String path) {
		boolean root = servletPath.isEmpty();
		return new HttpServletMapping() {

			@Override
			public String getMatchValue() {
				return root ? "" : path.substring(1);
			}

			@Override
			public String getPattern() {
				return root ? "/" : servletPath + "/*";
			}

			@Override
			public String getServletName() {
				return "dispatcherServlet";
			}

			@Override
			public MappingMatch getMappingMatch() {
				return root ? MappingMatch.DEFAULT : MappingMatch.PATH;
			}

		};
	}

	private static @Nullable Object defaultValue(Method method) {
		Class<?> type = method.getReturnType();
		if (type == boolean.class) {
			return false;
		}
		if (type == int.class) {
			return 0;
		}
		if (type == long.class) {
			return 0L;
		}
		if (type == java.util.Enumeration.class) {
			return Collections.emptyEnumeration();
		}
		if (type == Map.class) {
			return Map.of();
		}
		if (type == Set.class || type == Collection.class) {
			return Set.of();
		}
		if (type == List.class) {
			return List.of();
		}
		if (type == Optional.class) {
			return Optional.empty();
		}
		return null;
	}

	private record Registration(Object loginFilter, List<WeChatLoginEndpoint> endpoints) {
	}

}
