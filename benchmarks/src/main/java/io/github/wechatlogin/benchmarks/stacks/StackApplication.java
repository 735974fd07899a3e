package io.github.wechatlogin.benchmarks.stacks;

import java.util.Map;

import io.github.wechatlogin.authentication.WeChatUser;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same application on either stack, for the WebFlux against servlet runs of
 * {@code run-load.sh} ({@code SECTIONS=stacks}): the starter's default chain and one mini program
 * from {@code wechat.login.*}, nothing else. Started on Spring MVC and Tomcat with the module's
 * class path, or on WebFlux and Reactor Netty with the class path the script derives from it
 * (Tomcat and Spring MVC left out, {@code spring-boot-starter-webflux} added), so that the two
 * differ in the web stack only.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class StackApplication {

	public static void main(String[] args) {
		SpringApplication.run(StackApplication.class, args);
	}

	@RestController
	static class Api {

		@GetMapping("/api/me")
		Map<String, String> me(@AuthenticationPrincipal WeChatUser user) {
			return Map.of("openid", user.getOpenid());
		}

	}

}
