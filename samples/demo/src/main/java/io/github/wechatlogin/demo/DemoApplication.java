package io.github.wechatlogin.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The demo application. Run it with {@code ./mvnw -pl samples/demo spring-boot:run} and follow
 * the curl commands it logs at startup.
 *
 * @author wechat-login developers
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
