package io.github.wechatlogin.benchmarks.flood;

import java.time.Clock;

import io.github.wechatlogin.authentication.InMemoryWeChatCodeGuard;
import io.github.wechatlogin.authentication.WeChatCodeGuard;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The application of the junk-flood runs (run-flood.sh): the starter with its default chain and
 * its in-memory stores, apps and WeChat API base URL from properties, and two knobs on the
 * used-code guard: its bound, {@code bench.guard.max-entries} (100,000, the library's default,
 * unless set), and {@code bench.guard.prefill}, a number of junk codes claimed at start-up (0
 * unless set), which fast-forwards a guard to full without minutes of flood. Uses public API
 * only, so that it compiles against any version of the library.
 */
@SpringBootApplication
public class FloodApplication {

	@Bean
	WeChatCodeGuard benchCodeGuard(@Value("${bench.guard.max-entries:100000}") int maxEntries) {
		return new InMemoryWeChatCodeGuard(maxEntries, Clock.systemUTC());
	}

	@Bean
	ApplicationRunner benchCodeGuardPrefill(WeChatCodeGuard guard, WeChatRegistrationRepository registrations,
			@Value("${bench.guard.prefill:0}") int prefill) {
		return (args) -> {
			WeChatRegistration registration = registrations.iterator().next();
			for (int i = 0; i < prefill; i++) {
				guard.claim(registration, "prefill-" + i);
			}
		};
	}

	public static void main(String[] args) {
		SpringApplication.run(FloodApplication.class, args);
	}

}
