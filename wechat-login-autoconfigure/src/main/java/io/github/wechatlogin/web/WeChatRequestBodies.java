package io.github.wechatlogin.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
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
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads string fields from a request body that is either a JSON object or a form, strictly:
 * every ambiguity or malformation is refused with {@code invalid_request}. JSON must be UTF-8,
 * an object, nested at most 8 deep, without duplicate members or trailing content, and each
 * requested member a string or {@code null}; a form field must appear once; no requested field
 * may appear in the query string (where it would end up in access logs).
 * <p>
 * The rules work on strings and bytes (the query string, the {@code Content-Type}, the body), so
 * that the servlet filters and the WebFlux {@code WebFilter}s
 * ({@code io.github.wechatlogin.web.server}) read requests alike; the servlet side reads its
 * forms through the servlet API, the reactive side through {@link #readForm(byte[], String...)}.
 * Nothing here refers to the servlet API, which a WebFlux application does not have.
 *
 * @author wechat-login developers
 */
public final class WeChatRequestBodies {

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
	 * Refuse a request that sends one of the named fields in its query string.
	 * @param query the raw query string, or {@code null}
	 * @param names the names of the fields
	 * @throws WeChatAuthenticationException {@code invalid_request} if one is there, or if the
	 * query string is malformed
	 */
	public static void refuseQueryParameters(@Nullable String query, String... names) {
		if (query == null || query.isEmpty()) {
			return;
		}
		MultiValueMap<String, String> parameters;
		try {
			parameters = UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
		}
		catch (IllegalArgumentException ex) {
			throw invalidRequest("The query string is malformed");
		}
		for (String name : names) {
			if (parameters.containsKey(name)) {
				throw invalidRequest("Send the " + name + " in the request body, not in the query string");
			}
		}
	}

	/**
	 * Refuse a request whose declared length is over the limit, before its body is read.
	 * @param contentLength the {@code Content-Length}, or {@code -1} if unknown
	 * @param maxBodySize the limit
	 * @throws WeChatAuthenticationException {@code invalid_request} if it is over the limit
	 */
	public static void refuseOversized(long contentLength, int maxBodySize) {
		if (contentLength > maxBodySize) {
			throw tooLarge();
		}
	}

	/**
	 * Return the refusal of a body over the size limit.
	 * @return the exception, {@code invalid_request}
	 */
	public static WeChatAuthenticationException tooLarge() {
		return invalidRequest("The request body is too large");
	}

	/**
	 * Tell a JSON request from a form one by its {@code Content-Type}, refusing any other.
	 * @param contentType the {@code Content-Type} header, or {@code null}
	 * @return {@code true} for JSON (UTF-8), {@code false} for {@code application/x-www-form-urlencoded}
	 * @throws WeChatAuthenticationException {@code invalid_request} for any other content type
	 */
	public static boolean isJson(@Nullable String contentType) {
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

	/**
	 * Read the named string members of a JSON object body.
	 * @param body the body, at most the size limit
	 * @param names the names of the members
	 * @return the values by name; a missing or {@code null} member maps to {@code null}
	 * @throws WeChatAuthenticationException {@code invalid_request} if the body is not a strict
	 * JSON object of string members
	 */
	public static Map<String, @Nullable String> readJson(byte[] body, String... names) {
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
		Map<String, @Nullable String> fields = new HashMap<>();
		for (String name : names) {
			fields.put(name, jsonString(json, name));
		}
		return fields;
	}

	/**
	 * Read the named fields of an {@code application/x-www-form-urlencoded} body (UTF-8), each
	 * of which must appear at most once.
	 * @param body the body, at most the size limit
	 * @param names the names of the fields
	 * @return the values by name; a missing field maps to {@code null}
	 * @throws WeChatAuthenticationException {@code invalid_request} if the body is malformed or
	 * a field appears twice
	 */
	public static Map<String, @Nullable String> readForm(byte[] body, String... names) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		String form = decodeUtf8(body);
		try {
			for (String pair : StringUtils.tokenizeToStringArray(form, "&")) {
				int equals = pair.indexOf('=');
				String name = URLDecoder.decode((equals != -1) ? pair.substring(0, equals) : pair, StandardCharsets.UTF_8);
				String value = (equals != -1) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8)
						: "";
				parameters.add(name, value);
			}
		}
		catch (IllegalArgumentException ex) {
			throw invalidRequest("The form is malformed");
		}
		Map<String, @Nullable String> fields = new HashMap<>();
		for (String name : names) {
			List<String> values = parameters.get(name);
			fields.put(name, formField((values != null) ? values.toArray(String[]::new) : null, name));
		}
		return fields;
	}

	/**
	 * Return the refusal of a request that cannot be a valid one.
	 * @param description what is wrong, for the problem's {@code detail}
	 * @return the exception, {@code invalid_request}
	 */
	public static WeChatAuthenticationException invalidRequest(String description) {
		return new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_REQUEST, description));
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

	static @Nullable String formField(String @Nullable [] values, String name) {
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw invalidRequest("The " + name + " field must be sent once");
		}
		return values[0];
	}

}
