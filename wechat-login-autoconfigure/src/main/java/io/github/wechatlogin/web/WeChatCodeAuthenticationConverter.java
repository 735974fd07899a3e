package io.github.wechatlogin.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.wechatlogin.authentication.WeChatAuthenticationException;
import io.github.wechatlogin.authentication.WeChatCodeAuthenticationToken;
import io.github.wechatlogin.core.WeChatError;
import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
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
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.Assert;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads a WeChat login request: a JSON body {@code {"code": "...", "redirectPath": "..."}} or a
 * form with the fields {@code code} and {@code redirectPath}, posted to an endpoint of a
 * {@link WeChatLoginRequestMatcher}.
 * <p>
 * Anything that cannot be a valid login is refused here with {@code invalid_request}, before
 * WeChat is called: a missing, blank, non-string, oversized or non-printable code; duplicate
 * members or fields; JSON that is malformed, not an object, too deep, or not UTF-8; a body over
 * the size limit; another content type; a code in the query string; a redirect path that the
 * registration does not allow.
 *
 * @author wechat-login developers
 */
public final class WeChatCodeAuthenticationConverter implements AuthenticationConverter {

	/**
	 * The largest code accepted. WeChat's codes are 32 characters long.
	 */
	public static final int MAX_CODE_LENGTH = 128;

	private static final String CODE = "code";

	private static final String REDIRECT_PATH = "redirectPath";

	private static final JsonMapper JSON = JsonMapper
		.builder(JsonFactory.builder()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
			.build())
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private final WeChatLoginRequestMatcher requestMatcher;

	private final WeChatRegistrationRepository registrations;

	private int maxBodySize = 8 * 1024;

	/**
	 * Create a new instance.
	 * @param requestMatcher the matcher that tells which registration a request logs in with
	 * @param registrations the registrations
	 */
	public WeChatCodeAuthenticationConverter(WeChatLoginRequestMatcher requestMatcher,
			WeChatRegistrationRepository registrations) {
		Assert.notNull(requestMatcher, "requestMatcher cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		this.requestMatcher = requestMatcher;
		this.registrations = registrations;
	}

	/**
	 * Set the largest request body accepted, in bytes. Defaults to 8 KiB.
	 * @param maxBodySize the limit
	 */
	public void setMaxBodySize(int maxBodySize) {
		Assert.isTrue(maxBodySize > 0, "maxBodySize must be positive");
		this.maxBodySize = maxBodySize;
	}

	@Override
	public @Nullable WeChatCodeAuthenticationToken convert(HttpServletRequest request) {
		String registrationId = this.requestMatcher.resolveRegistrationId(request);
		if (registrationId == null) {
			return null;
		}
		WeChatRegistration registration = this.registrations.findByRegistrationId(registrationId);
		if (registration == null) {
			throw invalidRequest("Unknown WeChat registration");
		}
		if (hasQueryParameter(request, CODE)) {
			throw invalidRequest("Send the code in the request body, not in the query string");
		}
		LoginRequest login = isJson(request) ? readJson(request) : readForm(request);
		String code = login.code();
		if (code == null || code.isBlank()) {
			throw invalidRequest("The code is required");
		}
		if (code.length() > MAX_CODE_LENGTH || !RedirectPathPolicy.isVisibleAscii(code)) {
			throw invalidRequest("The code is malformed");
		}
		String redirectPath = resolveRedirectPath(login.redirectPath(), registration);
		WeChatCodeAuthenticationToken token = new WeChatCodeAuthenticationToken(registrationId, code);
		token.setDetails(new WeChatLoginDetails(redirectPath));
		return token;
	}

	private static @Nullable String resolveRedirectPath(@Nullable String requested, WeChatRegistration registration) {
		if (requested == null || requested.isEmpty()) {
			return registration.getRedirectPath();
		}
		if (!RedirectPathPolicy.isAllowed(requested, registration.getAllowedRedirectPaths())) {
			throw invalidRequest("The redirectPath is not allowed");
		}
		return requested;
	}

	private static boolean isJson(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			throw invalidRequest("Send the code as application/json or application/x-www-form-urlencoded");
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
		throw invalidRequest("Send the code as application/json or application/x-www-form-urlencoded");
	}

	private LoginRequest readJson(HttpServletRequest request) {
		if (request.getContentLengthLong() > this.maxBodySize) {
			throw invalidRequest("The request body is too large");
		}
		byte[] body;
		try {
			body = request.getInputStream().readNBytes(this.maxBodySize + 1);
		}
		catch (IOException ex) {
			throw invalidRequest("The request body could not be read");
		}
		if (body.length > this.maxBodySize) {
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
		return new LoginRequest(jsonString(json, CODE), jsonString(json, REDIRECT_PATH));
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

	private static LoginRequest readForm(HttpServletRequest request) {
		return new LoginRequest(formField(request, CODE), formField(request, REDIRECT_PATH));
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
			Map<String, ?> parameters = UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
			return parameters.containsKey(name);
		}
		catch (IllegalArgumentException ex) {
			throw invalidRequest("The query string is malformed");
		}
	}

	private static WeChatAuthenticationException invalidRequest(String description) {
		return new WeChatAuthenticationException(new WeChatError(WeChatErrorCodes.INVALID_REQUEST, description));
	}

	private record LoginRequest(@Nullable String code, @Nullable String redirectPath) {
	}

}
