package io.github.wechatlogin.samples.gateway.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The gateway. It has no code of its own: the starter's default {@code SecurityWebFilterChain}
 * logs WeChat users in at {@code /login/wechat}, publishes the JWK Set and refuses every other
 * request without a valid bearer token (401 problem JSON); Spring Cloud Gateway relays the rest
 * to the downstream service ({@code gateway.yml}).
 *
 * @author wechat-login developers
 */
@SpringBootApplication
public class GatewayApplication {

	/**
	 * The application of the gateway: reactive, configured by {@code gateway.yml}.
	 * @return a new application builder
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(GatewayApplication.class).web(WebApplicationType.REACTIVE)
			.properties("spring.config.name=gateway");
	}

	public static void main(String[] args) {
		SpringApplication application = application().build();
		application.run(args);
	}

}
