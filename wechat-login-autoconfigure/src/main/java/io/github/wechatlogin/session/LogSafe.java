package io.github.wechatlogin.session;

import org.jspecify.annotations.Nullable;

/**
 * Text of a caller's that goes into a log line: control characters (line breaks, escapes) are
 * replaced, so that it cannot forge lines, and it is cut at 100 characters.
 *
 * @author wechat-login developers
 */
final class LogSafe {

	private static final int MAX_LENGTH = 100;

	private LogSafe() {
	}

	static String text(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_LENGTH));
		for (int i = 0; i < value.length() && safe.length() < MAX_LENGTH; i++) {
			char c = value.charAt(i);
			safe.append((Character.isISOControl(c) || c == '\u2028' || c == '\u2029') ? '?' : c);
		}
		if (value.length() > MAX_LENGTH) {
			safe.append("...");
		}
		return safe.toString();
	}

}
