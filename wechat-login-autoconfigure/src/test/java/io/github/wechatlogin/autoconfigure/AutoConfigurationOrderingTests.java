package io.github.wechatlogin.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigureAfter;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the auto-configurations order themselves only against classes that exist: a name
 * that is not on the class path (such as a class Spring Boot moved between versions) is ignored
 * by Spring Boot without a word, so the ordering would silently do nothing. Run on every Spring
 * Boot version the build supports (the {@code boot-4.1} profile).
 */
class AutoConfigurationOrderingTests {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@Test
	void orderingWhenAnyAutoConfigurationThenEveryNamedClassIsOnTheClassPath() throws Exception {
		List<String> autoConfigurations = autoConfigurations();
		assertThat(autoConfigurations).contains(WeChatLoginAutoConfiguration.class.getName(),
				WeChatLoginSecurityAutoConfiguration.class.getName());
		List<String> named = new ArrayList<>();
		for (String name : autoConfigurations) {
			MergedAnnotations annotations = MergedAnnotations.from(ClassUtils.forName(name, null),
					MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
			for (Class<? extends java.lang.annotation.Annotation> type : List.of(AutoConfigureBefore.class,
					AutoConfigureAfter.class)) {
				MergedAnnotation<?> ordering = annotations.get(type);
				if (ordering.isPresent()) {
					for (Class<?> referenced : ordering.getClassArray("value")) {
						named.add(referenced.getName());
					}
					named.addAll(List.of(ordering.getStringArray("name")));
				}
			}
		}
		assertThat(named).contains("org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration");
		assertThat(named).allSatisfy((className) -> assertThat(ClassUtils.isPresent(className, null))
			.as("%s is on the class path", className)
			.isTrue());
	}

	private static List<String> autoConfigurations() throws IOException {
		try (InputStream imports = new org.springframework.core.io.ClassPathResource(IMPORTS).getInputStream()) {
			return new String(imports.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

}
