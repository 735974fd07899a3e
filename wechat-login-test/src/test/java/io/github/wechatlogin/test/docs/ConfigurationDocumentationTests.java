package io.github.wechatlogin.test.docs;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.wechatlogin.autoconfigure.WeChatLoginProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration.md} and the configuration metadata the starter ships (what
 * IDEs complete) in step: every {@code wechat.login.*} property of the metadata is documented,
 * with its default, and nothing documented is missing from it; every property has a description
 * and every enum property has hints for all its values.
 */
class ConfigurationDocumentationTests {

	private static final String PREFIX = "wechat.login.";

	private static final String APPS = "wechat.login.apps";

	private static final String APP_PREFIX = APPS + ".<name>.";

	private static final Path CONFIGURATION_MD = Path.of("..", "docs", "configuration.md");

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	private static final JsonMapper JSON = JsonMapper.shared();

	private static Map<String, JsonNode> properties;

	private static Map<String, JsonNode> hints;

	private static Map<String, DocumentedProperty> documented;

	@BeforeAll
	static void load() throws IOException {
		properties = new LinkedHashMap<>();
		hints = new LinkedHashMap<>();
		Enumeration<URL> resources = ConfigurationDocumentationTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		for (URL resource : Collections.list(resources)) {
			JsonNode metadata;
			try (InputStream in = resource.openStream()) {
				metadata = JSON.readTree(in);
			}
			for (JsonNode property : metadata.path("properties")) {
				if (property.path("name").stringValue().startsWith(PREFIX)) {
					properties.put(property.path("name").stringValue(), property);
				}
			}
			for (JsonNode hint : metadata.path("hints")) {
				if (hint.path("name").stringValue().startsWith(PREFIX)) {
					hints.put(hint.path("name").stringValue(), hint);
				}
			}
		}
		assertThat(properties).as("wechat.login.* properties in META-INF/spring-configuration-metadata.json")
			.isNotEmpty();
		assertThat(CONFIGURATION_MD).as("docs/configuration.md, read from the module directory").isRegularFile();
		documented = documentedProperties(Files.readString(CONFIGURATION_MD, StandardCharsets.UTF_8));
	}

	@Test
	void everyPropertyOfTheMetadataIsDocumented() {
		Set<String> undocumented = new TreeSet<>(properties.keySet());
		undocumented.removeAll(documented.keySet());
		assertThat(undocumented).as("properties missing from the tables of docs/configuration.md").isEmpty();
	}

	@Test
	void everyDocumentedPropertyIsInTheMetadata() {
		Set<String> unknown = new TreeSet<>(documented.keySet());
		unknown.removeAll(properties.keySet());
		unknown.removeAll(appPropertyNames());
		assertThat(unknown).as("properties of docs/configuration.md that do not exist").isEmpty();
	}

	@Test
	void everyPropertyOfAnAppEntryIsDocumented() {
		assertThat(properties).containsKey(APPS);
		Set<String> undocumented = appPropertyNames();
		undocumented.removeAll(documented.keySet());
		assertThat(undocumented).as("properties of an app entry missing from docs/configuration.md").isEmpty();
	}

	@Test
	void everyDefaultOfTheMetadataIsTheDocumentedDefault() {
		List<String> mismatches = new ArrayList<>();
		properties.forEach((name, property) -> {
			JsonNode defaultValue = property.get("defaultValue");
			DocumentedProperty row = documented.get(name);
			if (defaultValue == null || row == null) {
				return;
			}
			List<String> expected = new ArrayList<>();
			if (defaultValue.isArray()) {
				defaultValue.forEach((element) -> expected.add(element.asString()));
			}
			else {
				expected.add(defaultValue.asString());
			}
			if (!row.defaults().equals(expected)) {
				mismatches.add(name + ": metadata " + expected + ", documented " + row.defaults());
			}
		});
		assertThat(mismatches).as("defaults in docs/configuration.md that differ from the metadata").isEmpty();
	}

	@Test
	void everyPropertyHasADescription() {
		List<String> undescribed = properties.values()
			.stream()
			.filter((property) -> property.path("description").asString("").isBlank())
			.map((property) -> property.path("name").stringValue())
			.toList();
		assertThat(undescribed).as("properties without a description (Javadoc of the field)").isEmpty();
		documented.forEach((name, row) -> assertThat(row.meaning()).as("meaning of %s in configuration.md", name)
			.isNotBlank());
	}

	@Test
	void everyEnumPropertyHasAHintForEachValue() {
		Map<String, Class<?>> enumProperties = new LinkedHashMap<>();
		properties.forEach((name, property) -> {
			Class<?> type = resolve(property.path("type").asString(""));
			if (type != null && type.isEnum()) {
				enumProperties.put(name, type);
			}
		});
		for (PropertyDescriptor descriptor : appProperties()) {
			if (descriptor.getPropertyType().isEnum()) {
				enumProperties.put(APPS + ".values." + kebab(descriptor.getName()), descriptor.getPropertyType());
			}
		}
		assertThat(enumProperties).isNotEmpty();
		enumProperties.forEach((name, type) -> {
			assertThat(hints).as("hints of %s", name).containsKey(name);
			Set<String> hinted = new LinkedHashSet<>();
			hints.get(name).path("values").forEach((value) -> {
				hinted.add(value.path("value").asString());
				assertThat(value.path("description").asString("")).as("description of hint %s of %s",
						value.path("value").asString(), name)
					.isNotBlank();
			});
			Set<String> values = Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase().replace('_', '-'))
				.collect(Collectors.toCollection(LinkedHashSet::new));
			assertThat(hinted).as("hinted values of %s", name).isEqualTo(values);
		});
	}

	@Test
	void everyHintIsForAProperty() {
		for (String name : hints.keySet()) {
			String property = name.replaceFirst("\\.(keys|values)(\\..*)?$", "");
			assertThat(properties).as("property of hint %s", name).containsKey(property);
		}
	}

	private static Map<String, DocumentedProperty> documentedProperties(String markdown) {
		Map<String, DocumentedProperty> rows = new LinkedHashMap<>();
		for (String line : markdown.split("\n")) {
			if (!line.startsWith("| `" + PREFIX)) {
				continue;
			}
			String[] cells = line.split("(?<!\\\\)\\|");
			assertThat(cells).as("a property row has three cells: %s", line).hasSizeGreaterThanOrEqualTo(4);
			Matcher name = CODE_SPAN.matcher(cells[1]);
			assertThat(name.find()).isTrue();
			List<String> defaults = new ArrayList<>();
			Matcher value = CODE_SPAN.matcher(cells[2]);
			while (value.find()) {
				defaults.add(value.group(1));
			}
			DocumentedProperty previous = rows.put(name.group(1), new DocumentedProperty(defaults, cells[3].trim()));
			assertThat(previous).as("%s documented once", name.group(1)).isNull();
		}
		return rows;
	}

	private static Set<String> appPropertyNames() {
		return appProperties().stream()
			.map((descriptor) -> APP_PREFIX + kebab(descriptor.getName()))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static List<PropertyDescriptor> appProperties() {
		return Arrays.stream(BeanUtils.getPropertyDescriptors(WeChatLoginProperties.App.class))
			.filter((descriptor) -> descriptor.getWriteMethod() != null)
			.toList();
	}

	private static String kebab(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

	private static Class<?> resolve(String type) {
		if (type.isEmpty() || type.contains("<")) {
			return null;
		}
		try {
			return ClassUtils.forName(type, ConfigurationDocumentationTests.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private record DocumentedProperty(List<String> defaults, String meaning) {
	}

}
