package io.github.wechatlogin.demo;

import java.util.List;
import java.util.Set;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.config.WeChatLoginConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo's own security: a stateless bearer token API with WeChat login. Declaring a
 * {@link SecurityFilterChain} makes the default chain of the auto-configuration back off; the
 * {@link WeChatLoginConfigurer} adds the login endpoints and the bearer token validation to it.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
class DemoSecurityConfiguration {

	private static final List<GrantedAuthority> USER = AuthorityUtils.createAuthorityList("ROLE_USER");

	private static final List<GrantedAuthority> ADMIN = AuthorityUtils.createAuthorityList("ROLE_USER",
			"ROLE_ADMIN");

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/public/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// A stateless API authenticated by bearer tokens: no cookie for CSRF to abuse
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	/**
	 * Grants {@code ROLE_USER} to every user, and {@code ROLE_ADMIN} to the openids listed in
	 * {@code demo.admins}. The authorities travel in the issued access token.
	 * @param properties the demo properties
	 * @return the user service
	 */
	@Bean
	WeChatUserService weChatUserService(DemoProperties properties) {
		Set<String> admins = Set.copyOf(properties.getAdmins());
		return (request) -> {
			String openid = request.identity().getOpenid();
			boolean admin = openid != null && admins.contains(openid);
			return DefaultWeChatUserService.createUser(request, admin ? ADMIN : USER);
		};
	}

}
