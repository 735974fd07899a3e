package io.github.wechatlogin.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal Spring MVC + Spring Security application with one endpoint and no configuration of
 * its own (except method security with {@code --bench.method-security=true}). Started by {@code benchmarks/startup.sh} once on a class path without the starter
 * (Spring Boot's default security) and once with it (the starter's default chain), it prints
 * its start-up times and exits.
 */
@SpringBootApplication
public class StartupApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StartupApplication.class);
		BufferingApplicationStartup steps = Boolean.getBoolean("bench.steps") ? new BufferingApplicationStartup(100_000)
				: null;
		if (steps != null) {
			application.setApplicationStartup(steps);
		}
		application.addListeners((ApplicationStartedEvent event) -> {
			long started = event.getTimeTaken().toMillis();
			System.setProperty("bench.started-ms", Long.toString(started));
		});
		application.addListeners((ApplicationReadyEvent event) -> {
			long ready = event.getTimeTaken().toMillis();
			long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			boolean starter = event.getApplicationContext().containsBean("weChatLoginJwtEncoder")
					|| event.getApplicationContext().getBeanNamesForType(
							org.springframework.security.web.SecurityFilterChain.class).length > 0
							&& isPresent("io.github.wechatlogin.config.WeChatLoginConfigurer");
			System.out.printf("STARTUP starter=%s started_ms=%s ready_ms=%d jvm_uptime_ms=%d beans=%d%n", starter,
					System.getProperty("bench.started-ms"), ready, uptime,
					event.getApplicationContext().getBeanDefinitionCount());
			if (steps != null) {
				printSlowestBeans(steps);
			}
			System.exit(0);
		});
		application.run(args);
	}

	private static void printSlowestBeans(BufferingApplicationStartup steps) {
		steps.getBufferedTimeline()
			.getEvents()
			.stream()
			.filter((event) -> event.getStartupStep().getName().equals("spring.beans.instantiate"))
			.sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed())
			.limit(Integer.getInteger("bench.steps.top", 25))
			.forEach((event) -> {
				StringBuilder tags = new StringBuilder();
				event.getStartupStep().getTags().forEach((tag) -> tags.append(tag.getValue()).append(' '));
				System.out.printf("STEP %5d ms %s%n", event.getDuration().toMillis(), tags);
			});
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, StartupApplication.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * Method security enabled by the application itself ({@code --bench.method-security=true}),
	 * as an application that uses {@code @PreAuthorize} without the starter has it: the
	 * starter's own method security then backs off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bench.method-security")
	@EnableMethodSecurity
	static class MethodSecurity {

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		Map<String, Object> hello() {
			return Map.of("hello", true);
		}

	}

}
