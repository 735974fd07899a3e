package io.github.wechatlogin.benchmarks.app;

import java.util.Map;

import io.github.wechatlogin.config.WeChatLoginConfigurer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A demo-like application using the starter, the same security as
 * {@code samples/demo}: stateless bearer API, {@code /api/public/**} permitted, the rest
 * authenticated. Used in process by the filter chain benchmark and the cold-cache harness; the
 * WeChat API base URL and apps come from properties.
 */
@SpringBootApplication
public class LibraryApplication {

	private static final Map<String, Object> PONG = Map.of("pong", true);

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.with(WeChatLoginConfigurer.weChatLogin(), Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/public/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	@RestController
	static class PingController {

		@GetMapping("/api/ping")
		Map<String, Object> ping() {
			return PONG;
		}

		@GetMapping("/api/public/ping")
		Map<String, Object> publicPing() {
			return PONG;
		}

	}

}
