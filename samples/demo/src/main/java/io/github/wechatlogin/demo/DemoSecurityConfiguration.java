package io.github.wechatlogin.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.WeChatPhoneNumberHandler;
import io.github.wechatlogin.authentication.WeChatUser;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.config.WeChatLoginConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
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

	/**
	 * Where the demo binds phone numbers ({@code weChatLogin().phoneNumberPath(...)}).
	 */
	static final String PHONE_NUMBER_PATH = "/api/phone";

	private static final List<GrantedAuthority> USER = AuthorityUtils.createAuthorityList("ROLE_USER");

	private static final List<GrantedAuthority> ADMIN = AuthorityUtils.createAuthorityList("ROLE_USER",
			"ROLE_ADMIN");

	private static final GrantedAuthority VERIFIED = new SimpleGrantedAuthority("ROLE_VERIFIED");

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		// POST /api/phone with the bearer token and {"code": e.detail.code} binds the phone number
		http.with(WeChatLoginConfigurer.weChatLogin(), (login) -> login.phoneNumberPath(PHONE_NUMBER_PATH))
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

	@Bean
	DemoPhoneNumbers demoPhoneNumbers() {
		return new DemoPhoneNumbers();
	}

	/**
	 * Grants {@code ROLE_USER} to every user, {@code ROLE_ADMIN} to the openids listed in
	 * {@code demo.admins}, and {@code ROLE_VERIFIED} to users with a phone number: one that came
	 * with the login (a sign-up with {@code phoneCode}, stored here) or one bound before. The
	 * authorities travel in the issued access token; asked again at every refresh.
	 * @param properties the demo properties
	 * @param phoneNumbers the phone numbers of the demo's users
	 * @return the user service
	 */
	@Bean
	WeChatUserService weChatUserService(DemoProperties properties, DemoPhoneNumbers phoneNumbers) {
		Set<String> admins = Set.copyOf(properties.getAdmins());
		return (request) -> {
			String openid = request.identity().getOpenid();
			boolean admin = openid != null && admins.contains(openid);
			List<GrantedAuthority> authorities = new ArrayList<>(admin ? ADMIN : USER);
			WeChatUser user = DefaultWeChatUserService.createUser(request, authorities);
			if (request.identity().getPhone() != null) {
				phoneNumbers.bind(user.getName(), request.identity().getPhone());
			}
			if (phoneNumbers.find(user.getName()) != null) {
				authorities.add(VERIFIED);
				user = DefaultWeChatUserService.createUser(request, authorities);
			}
			return user;
		};
	}

	/**
	 * Stores a phone number bound at {@code POST /api/phone} on the demo user and grants
	 * {@code ROLE_VERIFIED}: the user changed, so the answer carries fresh tokens with it.
	 * @param phoneNumbers the phone numbers of the demo's users
	 * @return the handler
	 */
	@Bean
	WeChatPhoneNumberHandler weChatPhoneNumberHandler(DemoPhoneNumbers phoneNumbers) {
		return (user, phoneNumber) -> {
			phoneNumbers.bind(user.getName(), phoneNumber.phoneNumber());
			if (user.getAuthorities().contains(VERIFIED)) {
				return user;
			}
			List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
			authorities.add(VERIFIED);
			return WeChatUser.withRegistration(user.getRegistrationId(), user.getAppId())
				.identity(user.getIdentity())
				.authorities(authorities)
				.build();
		};
	}

}
