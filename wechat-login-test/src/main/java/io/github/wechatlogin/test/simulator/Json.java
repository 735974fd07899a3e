package io.github.wechatlogin.test.simulator;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON support for the simulator.
 *
 * @author wechat-login
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/**
	 * Create an empty JSON object.
	 * @return the object
	 */
	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	/**
	 * Serialize the given JSON object.
	 * @param node the object
	 * @return the JSON text
	 */
	static String write(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	/**
	 * Return the JSON text of a WeChat error.
	 * @param errcode the error code
	 * @param errmsg the error message
	 * @return the JSON text
	 */
	static String error(int errcode, String errmsg) {
		ObjectNode node = object();
		node.put("errcode", errcode);
		node.put("errmsg", errmsg);
		return write(node);
	}

	/**
	 * Parse a JSON object.
	 * @param text the JSON text
	 * @return the object, or {@code null} if the text is not a JSON object
	 */
	static @Nullable ObjectNode parseObject(String text) {
		try {
			JsonNode node = MAPPER.readTree(text);
			return (node != null && node.isObject()) ? (ObjectNode) node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Return a string property of a JSON object.
	 * @param object the object
	 * @param name the property name
	 * @return the value, or {@code null} if the property is absent or JSON {@code null}
	 * @throws IllegalArgumentException if the property is not a string
	 */
	static @Nullable String string(ObjectNode object, String name) {
		JsonNode value = object.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new IllegalArgumentException("'" + name + "' must be a string");
		}
		return value.stringValue();
	}

}
