package io.github.wechatlogin.web;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.github.wechatlogin.core.BoundedReads;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of a servlet request by the rules of {@link WeChatRequestBodies}; the
 * servlet side of what {@code io.github.wechatlogin.web.server.ServerRequestBodies} does on
 * WebFlux.
 *
 * @author wechat-login developers
 */
final class ServletRequestBodies {

	private ServletRequestBodies() {
	}

	/**
	 * Read the named fields.
	 * @return the values by name; a missing or {@code null} field maps to {@code null}
	 */
	static Map<String, @Nullable String> read(HttpServletRequest request, int maxBodySize, String... names) {
		WeChatRequestBodies.refuseQueryParameters(request.getQueryString(), names);
		if (WeChatRequestBodies.isJson(request.getContentType())) {
			WeChatRequestBodies.refuseOversized(request.getContentLengthLong(), maxBodySize);
			byte[] body;
			try {
				body = BoundedReads.readAtMost(request.getInputStream(), maxBodySize, request.getContentLengthLong());
			}
			catch (IOException ex) {
				throw WeChatRequestBodies.invalidRequest("The request body could not be read");
			}
			if (body == null) {
				throw WeChatRequestBodies.tooLarge();
			}
			return WeChatRequestBodies.readJson(body, names);
		}
		Map<String, @Nullable String> fields = new HashMap<>();
		for (String name : names) {
			fields.put(name, WeChatRequestBodies.formField(request.getParameterValues(name), name));
		}
		return fields;
	}

}
