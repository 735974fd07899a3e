package io.github.wechatlogin.knobs;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.wechatlogin.config.WeChatLoginConfigurer;
import io.github.wechatlogin.config.web.server.WeChatLoginServerConfigurer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build check behind "every knob is tested": every {@code wechat.login.*} property of the
 * configuration metadata on the classpath (and every property of an entry of a map of objects,
 * such as {@code wechat.login.apps.<name>.type}) and every public method that
 * {@link WeChatLoginConfigurer} declares (but its static factory and {@code init}/
 * {@code configure}), and every public method of the WebFlux {@link WeChatLoginServerConfigurer}
 * (but its static factory and {@code configure}/{@code customize}), must be named by a
 * {@link Knob} on an enabled test of this module, in any package; and every {@link Knob} must name
 * something that exists.
 */
class KnobCoverageTests {

	private static final String PREFIX = "wechat.login.";

	private static final Pattern MAP_OF = Pattern.compile("java\\.util\\.Map<java\\.lang\\.String,\\s*(.+)>");

	private static final Set<String> CONFIGURER_LIFECYCLE = Set.of("init", "configure");

	private static Set<String> properties;

	private static Set<String> configurerMethods;

	/**
	 * The public methods of {@link WeChatLoginServerConfigurer} that are no DSL setting:
	 * {@code configure} applies the settings to a chain and {@code customize} is the same as a
	 * {@code Customizer<ServerHttpSecurity>}; every knob test calls one of them.
	 */
	private static final Set<String> SERVER_CONFIGURER_LIFECYCLE = Set.of("configure", "customize");

	private static Set<String> serverConfigurerMethods;

	/** Every knob name found, to the tests naming it. */
	private static Map<String, List<String>> knobs;

	/** The tests with a knob annotation, to what is wrong with them. */
	private static Map<String, String> misplaced;

	private static int scannedClasses;

	@BeforeAll
	static void scan() throws Exception {
		properties = metadataProperties();
		configurerMethods = configurerMethods();
		serverConfigurerMethods = publicMethods(WeChatLoginServerConfigurer.class, SERVER_CONFIGURER_LIFECYCLE);
		knobs = new TreeMap<>();
		misplaced = new TreeMap<>();
		Path testClasses = testClassesDirectory();
		try (Stream<Path> files = Files.walk(testClasses)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).toList()) {
				String name = testClasses.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
				name = name.substring(0, name.length() - ".class".length());
				if (name.endsWith("package-info") || name.endsWith("module-info")) {
					continue;
				}
				scannedClasses++;
				collect(ClassUtils.forName(name, KnobCoverageTests.class.getClassLoader()));
			}
		}
		System.out.println("Knob coverage (" + scannedClasses + " test classes scanned):");
		knobs.forEach((knob, tests) -> System.out.println("  " + knob + " <- " + String.join(", ", tests)));
	}

	@Test
	void everyPropertyOfTheMetadataHasAKnobTest() {
		assertThat(properties).as("wechat.login.* properties of META-INF/spring-configuration-metadata.json")
			.contains("wechat.login.login-path", "wechat.login.apps.<name>.type");
		assertThat(untested(properties))
			.as("properties without a @Knob(properties = ...) test that sets a non-default value and asserts "
					+ "its effect (see docs/testing.md, \"Every setting is tested\")")
			.isEmpty();
	}

	@Test
	void everyPublicMethodOfTheConfigurerHasAKnobTest() {
		assertThat(configurerMethods).as("public methods declared by WeChatLoginConfigurer").contains("loginPath");
		assertThat(untested(configurerMethods.stream()
			.map(KnobCoverageTests::configurerKey)
			.collect(Collectors.toCollection(TreeSet::new))))
			.as("WeChatLoginConfigurer methods without a @Knob(configurer = ...) test that calls them in an "
					+ "application's own chain and asserts the effect")
			.isEmpty();
	}

	@Test
	void everyPublicMethodOfTheServerConfigurerHasAKnobTest() {
		assertThat(serverConfigurerMethods).as("public methods declared by WeChatLoginServerConfigurer")
			.contains("loginPath", "tokenScheduler")
			.doesNotContainAnyElementsOf(SERVER_CONFIGURER_LIFECYCLE);
		assertThat(untested(serverConfigurerMethods.stream()
			.map(KnobCoverageTests::serverConfigurerKey)
			.collect(Collectors.toCollection(TreeSet::new))))
			.as("WeChatLoginServerConfigurer methods without a @Knob(serverConfigurer = ...) test that calls them "
					+ "in an application's own SecurityWebFilterChain and asserts the effect")
			.isEmpty();
	}

	@Test
	void everyKnobNamesAPropertyOrConfigurerMethodThatExists() {
		Set<String> unknown = new TreeSet<>(knobs.keySet());
		unknown.removeAll(properties);
		unknown.removeAll(configurerMethods.stream().map(KnobCoverageTests::configurerKey).toList());
		unknown.removeAll(serverConfigurerMethods.stream().map(KnobCoverageTests::serverConfigurerKey).toList());
		assertThat(unknown.stream().map((knob) -> knob + " <- " + knobs.get(knob)).toList())
			.as("@Knob names that are no property of the metadata and no method of WeChatLoginConfigurer "
					+ "or WeChatLoginServerConfigurer (renamed or removed?)")
			.isEmpty();
	}

	@Test
	void everyKnobIsOnAnEnabledTestAndNamesSomething() {
		assertThat(misplaced).as("@Knob annotations that prove nothing").isEmpty();
	}

	private static List<String> untested(Set<String> keys) {
		return keys.stream().filter((key) -> !knobs.containsKey(key)).toList();
	}

	private static String configurerKey(String method) {
		return "WeChatLoginConfigurer." + method + "(...)";
	}

	private static String serverConfigurerKey(String method) {
		return "WeChatLoginServerConfigurer." + method + "(...)";
	}

	private static void collect(Class<?> type) {
		Method[] methods;
		try {
			methods = type.getDeclaredMethods();
		}
		catch (LinkageError ex) {
			throw new IllegalStateException("Cannot read the methods of test class " + type.getName(), ex);
		}
		for (Method method : methods) {
			Knob[] annotations = method.getAnnotationsByType(Knob.class);
			if (annotations.length == 0) {
				continue;
			}
			String test = ClassUtils.getShortName(type) + "#" + method.getName();
			if (!MergedAnnotations.from(method).isPresent(Testable.class)) {
				misplaced.put(test, "not a test method (@Test, @ParameterizedTest, ...)");
			}
			else if (method.isAnnotationPresent(Disabled.class) || type.isAnnotationPresent(Disabled.class)) {
				misplaced.put(test, "disabled");
			}
			for (Knob knob : annotations) {
				if (knob.properties().length == 0 && knob.configurer().length == 0
						&& knob.serverConfigurer().length == 0) {
					misplaced.put(test, "@Knob names no property and no configurer method");
				}
				for (String serverConfigurer : knob.serverConfigurer()) {
					knobs.computeIfAbsent(serverConfigurerKey(serverConfigurer), (key) -> new ArrayList<>()).add(test);
				}
				for (String property : knob.properties()) {
					knobs.computeIfAbsent(property, (key) -> new ArrayList<>()).add(test);
				}
				for (String configurer : knob.configurer()) {
					knobs.computeIfAbsent(configurerKey(configurer), (key) -> new ArrayList<>()).add(test);
				}
			}
		}
	}

	/**
	 * The {@code wechat.login.*} properties of every metadata file on the classpath; a map whose
	 * values are objects stands for itself and for each property of an entry,
	 * {@code <map>.<name>.<property>}.
	 */
	private static Set<String> metadataProperties() throws IOException {
		Set<String> names = new TreeSet<>();
		List<URL> resources = Collections.list(KnobCoverageTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"));
		for (URL resource : resources) {
			JsonNode metadata;
			try (InputStream in = resource.openStream()) {
				metadata = JsonMapper.shared().readTree(in);
			}
			for (JsonNode property : metadata.path("properties")) {
				String name = property.path("name").asString("");
				if (!name.startsWith(PREFIX)) {
					continue;
				}
				names.add(name);
				Matcher map = MAP_OF.matcher(property.path("type").asString(""));
				Class<?> valueType = map.matches() ? resolve(map.group(1)) : null;
				if (valueType != null && !BeanUtils.isSimpleValueType(valueType)
						&& !valueType.getName().startsWith("java.")) {
					for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(valueType)) {
						if (descriptor.getWriteMethod() != null) {
							names.add(name + ".<name>." + kebab(descriptor.getName()));
						}
					}
				}
			}
		}
		return names;
	}

	private static Set<String> configurerMethods() {
		return publicMethods(WeChatLoginConfigurer.class, CONFIGURER_LIFECYCLE);
	}

	/**
	 * The public instance methods a configurer declares, but its lifecycle ones.
	 */
	private static Set<String> publicMethods(Class<?> configurer, Set<String> lifecycle) {
		return Arrays.stream(configurer.getDeclaredMethods())
			.filter((method) -> Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
					&& !method.isSynthetic() && !method.isBridge() && !lifecycle.contains(method.getName()))
			.map(Method::getName)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Path testClassesDirectory() throws URISyntaxException {
		Path path = Path.of(KnobCoverageTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		assertThat(path).as("the test classes of the module, a directory").isDirectory();
		return path;
	}

	private static Class<?> resolve(String type) {
		try {
			return ClassUtils.forName(type.trim(), KnobCoverageTests.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static String kebab(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

}
