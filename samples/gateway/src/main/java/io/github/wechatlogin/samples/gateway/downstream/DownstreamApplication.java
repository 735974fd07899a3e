package io.github.wechatlogin.samples.gateway.downstream;

import io.github.wechatlogin.autoconfigure.WeChatLoginAutoConfiguration;
import io.github.wechatlogin.autoconfigure.WeChatLoginReactiveSecurityAutoConfiguration;
import io.github.wechatlogin.autoconfigure.WeChatLoginSecurityAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The downstream service behind the gateway: a servlet application that logs nobody in. It
 * validates the gateway's tokens as any OAuth2 resource server does, through the gateway's JWK
 * Set ({@code downstream.yml}). The starter is on this module's classpath only because the
 * gateway shares the module; a real downstream service would not depend on it at all.
 *
 * @author wechat-login developers
 */
@SpringBootApplication(exclude = { WeChatLoginAutoConfiguration.class, WeChatLoginSecurityAutoConfiguration.class,
		WeChatLoginReactiveSecurityAutoConfiguration.class })
public class DownstreamApplication {

	/**
	 * The application of the downstream service: servlet, configured by {@code downstream.yml}.
	 * @return a new application builder
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(DownstreamApplication.class).web(WebApplicationType.SERVLET)
			.properties("spring.config.name=downstream");
	}

	public static void main(String[] args) {
		application().build().run(args);
	}

}
