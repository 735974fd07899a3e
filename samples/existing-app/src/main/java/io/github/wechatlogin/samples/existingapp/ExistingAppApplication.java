package io.github.wechatlogin.samples.existingapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The existing application. It needs a real WeChat mini program (see {@code application.yml});
 * to try it without one, run {@code TestExistingAppApplication} from the tests, which starts the
 * WeChat API simulator next to it.
 *
 * @author wechat-login developers
 */
@SpringBootApplication
@EnableConfigurationProperties(ExistingAppProperties.class)
public class ExistingAppApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExistingAppApplication.class, args);
	}

}
