package io.github.wechatlogin.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.core.BoundedReads;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads string fields from a request body that is either a JSON object or a form, strictly:
 * every ambiguity or malformation is refused with {@code invalid_request}. JSON must be UTF-8,
 * an object, nested at most 8 deep, without duplicate members or trailing content, and each
 * requested member a string or {@code null}; a form field must appear once; no requested field
 * may appear in the query string (where it would end up in access logs).
 *
 * @author wechat-login developers
 */
final class WeChatRequestBodies {

	private static final JsonMapper JSON = JsonMapper
		.builder(JsonFactory.builder()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
			.build())
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private WeChatRequestBodies() {
	}

	/**
	 * Read the named fields.
	 * @return the values by name; a missing or {@code null} field maps to {@code null}
	 */
	static Map<String, @Nullable String> read(HttpServletRequest request, int maxBodySize, String... names) {
		for (String name : names) {
			if (hasQueryParameter(request, name)) {
				throw invalidRequest("Send the " + name + " in the request body, not in the query string");
			}
		}
		Map<String, @Nullable String> fields = new HashMap<>();
		if (isJson(request)) {
			JsonNode json = readJson(request, maxBodySize);
			for (String name : names) {
				fields.put(name, jsonString(json, name));
			}
		}
		else {
			for (String name : names) {
				fields.put(name, formField(request, name));
			}
		}
		return fields;
	}

	static WeChatAuthenticationException invalidRequest(String description) {
		return new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_REQUEST, description));
	}

	private static boolean isJson(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			throw invalidRequest("Send application/json or application/x-www-form-urlencoded");
		}
		MediaType mediaType;
		try {
			mediaType = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw invalidRequest("The Content-Type is malformed");
		}
		if (MediaType.APPLICATION_JSON.isCompatibleWith(mediaType) && !mediaType.isWildcardSubtype()) {
			if (mediaType.getCharset() != null && !StandardCharsets.UTF_8.equals(mediaType.getCharset())) {
				throw invalidRequest("JSON must be encoded in UTF-8");
			}
			return true;
		}
		if (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(mediaType)) {
			return false;
		}
		throw invalidRequest("Send application/json or application/x-www-form-urlencoded");
	}

	private static JsonNode readJson(HttpServletRequest request, int maxBodySize) {
		if (request.getContentLengthLong() > maxBodySize) {
			throw invalidRequest("The request body is too large");
		}
		byte[] body;
		try {
			body = BoundedReads.readAtMost(request.getInputStream(), maxBodySize, request.getContentLengthLong());
		}
		catch (IOException ex) {
			throw invalidRequest("The request body could not be read");
		}
		if (body == null) {
			throw invalidRequest("The request body is too large");
		}
		JsonNode json;
		try {
			json = JSON.readTree(decodeUtf8(body));
		}
		catch (JacksonException ex) {
			throw invalidRequest("The request body is not valid JSON");
		}
		if (json == null || !json.isObject()) {
			throw invalidRequest("The request body must be a JSON object");
		}
		return json;
	}

	private static @Nullable String jsonString(JsonNode json, String name) {
		JsonNode value = json.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalidRequest("The " + name + " must be a string");
		}
		return value.stringValue();
	}

	private static String decodeUtf8(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw invalidRequest("The request body is not valid UTF-8");
		}
	}

	private static @Nullable String formField(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw invalidRequest("The " + name + " field must be sent once");
		}
		return values[0];
	}

	private static boolean hasQueryParameter(HttpServletRequest request, String name) {
		String query = request.getQueryString();
		if (query == null || query.isEmpty()) {
			return false;
		}
		try {
			return UriComponentsBuilder.newInstance().query(query).build().getQueryParams().containsKey(name);
		}
		catch (IllegalArgumentException ex) {
			throw invalidRequest("The query string is malformed");
		}
	}

}
