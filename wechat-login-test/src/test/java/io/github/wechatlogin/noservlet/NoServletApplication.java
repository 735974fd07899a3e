package io.github.wechatlogin.noservlet;

import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux application as {@code spring-boot-starter-webflux} makes one: the starter's default
 * chain, method security, nothing scanned (and in a package no test application scans). {@code WebFluxWithoutServletApiTests} starts it in a
 * class loader without the servlet API, Tomcat and Spring MVC.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableReactiveMethodSecurity
@Import(NoServletApplication.Api.class)
public class NoServletApplication {

	@RestController
	static class Api {

		@GetMapping("/api/me")
		Map<String, String> me(@AuthenticationPrincipal WeChatUser user) {
			return Map.of("openid", user.getOpenid());
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Mono<Map<String, String>> admin(@AuthenticationPrincipal WeChatUser user) {
			return Mono.just(Map.of("openid", user.getOpenid()));
		}

	}

}
