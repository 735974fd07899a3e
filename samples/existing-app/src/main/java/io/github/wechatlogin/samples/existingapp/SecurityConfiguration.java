package io.github.wechatlogin.samples.existingapp;

import java.util.List;
import java.util.Set;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.config.WeChatLoginConfigurer;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The application's security: three chains, tried in order.
 * <ol>
 * <li>{@code /api/**}: the mini program API, stateless, bearer tokens from WeChat login (added
 * with {@link WeChatLoginConfigurer}; its paths are set in {@code application.yml}).</li>
 * <li>{@code /internal/**}: an internal API called by other services with the tokens of the
 * company's identity provider (RS256, validated with its public key by Spring Boot's resource
 * server auto-configuration).</li>
 * <li>Everything else: the admin console, with form login, a session and CSRF protection, and
 * the Actuator health endpoint, open for probes.</li>
 * </ol>
 * The application enables method security itself, so WeChat login does not.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	private static final List<GrantedAuthority> USER = AuthorityUtils.createAuthorityList("ROLE_USER");

	private static final List<GrantedAuthority> ADMIN = AuthorityUtils.createAuthorityList("ROLE_USER",
			"ROLE_ADMIN");

	@Bean
	@Order(1)
	SecurityFilterChain miniProgramApi(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/**")
			.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/public/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Bearer tokens, no cookies: nothing for CSRF to abuse
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain internalApi(HttpSecurity http) throws Exception {
		http.securityMatcher("/internal/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SCOPE_internal"))
			// The JwtDecoder of spring.security.oauth2.resourceserver.jwt.public-key-location
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain adminConsole(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			// Load balancer and Kubernetes probes: no credentials, no session
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated())
			.formLogin(Customizer.withDefaults())
			.logout(Customizer.withDefaults());
		return http.build();
	}

	/**
	 * The user of the admin console.
	 * @param properties the application properties
	 * @return the user details service
	 */
	@Bean
	InMemoryUserDetailsManager adminUsers(ExistingAppProperties properties) {
		ExistingAppProperties.Admin admin = properties.getAdmin();
		Assert.state(StringUtils.hasText(admin.getPassword()),
				"Set existing-app.admin.password (for example {bcrypt}$2a$10$...) for the admin console");
		return new InMemoryUserDetailsManager(
				User.withUsername(admin.getUsername()).password(admin.getPassword()).roles("ADMIN").build());
	}

	/**
	 * Grants {@code ROLE_USER} to every mini program user, and {@code ROLE_ADMIN} to the openids
	 * listed in {@code existing-app.report-admins}. The authorities travel in the access token.
	 * @param properties the application properties
	 * @return the user service
	 */
	@Bean
	WeChatUserService weChatUserService(ExistingAppProperties properties) {
		Set<String> admins = Set.copyOf(properties.getReportAdmins());
		return (request) -> {
			String openid = request.identity().getOpenid();
			boolean admin = openid != null && admins.contains(openid);
			return DefaultWeChatUserService.createUser(request, admin ? ADMIN : USER);
		};
	}

}
