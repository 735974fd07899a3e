package io.github.wechatlogin.benchmarks.app;

import java.util.ArrayList;
import java.util.List;

import io.github.wechatlogin.demo.DemoApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the demo application ({@code samples/demo}, whose sources this module compiles too) in
 * process, without its embedded simulator: a multi-app default registration and a mini program
 * at {@code /login/wechat/classic}, against a given WeChat API base URL. The filter chain
 * benchmark and the cold-cache harness measure the demo's own security configuration.
 */
public final class LibraryApps {

	public static final String MULTI_APP_ID = "wx-demo-multi-app";

	public static final String MULTI_APP_SECRET = "demo-secret-for-the-simulator-only";

	public static final String MINI_PROGRAM_ID = "wx-demo-mini-program";

	public static final String MINI_PROGRAM_SECRET = "demo-classic-secret-for-the-simulator-only";

	private LibraryApps() {
	}

	public static ConfigurableApplicationContext start(String apiBaseUrl, int port, String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--demo.simulator.enabled=false", "--wechat.login.type=multi-app", "--wechat.login.app-id=" + MULTI_APP_ID,
				"--wechat.login.secret=" + MULTI_APP_SECRET, "--wechat.login.api-base-url=" + apiBaseUrl,
				"--wechat.login.token.secret=demo-token-secret-change-me-at-least-32-bytes-long",
				"--wechat.login.apps.classic.type=mini-program", "--wechat.login.apps.classic.app-id=" + MINI_PROGRAM_ID,
				"--wechat.login.apps.classic.secret=" + MINI_PROGRAM_SECRET));
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(DemoApplication.class).run(args.toArray(String[]::new));
	}

}
