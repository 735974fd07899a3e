package io.github.wechatlogin.web;

import java.util.List;

import org.springframework.util.AntPathMatcher;

/**
 * Decides whether a client-supplied redirect path is acceptable: a relative mini program page
 * path (optionally with a query) that matches one of the registration's allowed patterns, and
 * nothing that could leave the mini program (schemes, {@code //}, {@code ..}, backslashes,
 * control characters).
 *
 * @author wechat-login developers
 */
final class RedirectPathPolicy {

	static final int MAX_LENGTH = 512;

	private static final AntPathMatcher matcher = new AntPathMatcher();

	private RedirectPathPolicy() {
	}

	static boolean isAllowed(String redirectPath, List<String> allowedPatterns) {
		if (redirectPath.isEmpty() || redirectPath.length() > MAX_LENGTH || !isVisibleAscii(redirectPath)
				|| redirectPath.contains("\\") || redirectPath.contains("//") || redirectPath.contains(":")) {
			return false;
		}
		int query = redirectPath.indexOf('?');
		String path = (query != -1) ? redirectPath.substring(0, query) : redirectPath;
		if (path.isEmpty() || path.indexOf('#') != -1) {
			return false;
		}
		for (String segment : path.split("/", -1)) {
			if (segment.equals(".") || segment.equals("..") || segment.contains("%")) {
				return false;
			}
		}
		for (String pattern : allowedPatterns) {
			if (matcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	static boolean isVisibleAscii(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x21 || c > 0x7E) {
				return false;
			}
		}
		return true;
	}

}
