package io.github.wechatlogin.web;

import java.util.function.Predicate;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The character checks of Spring Security's {@link StrictHttpFirewall}, with the same answers
 * but without a regular expression.
 * <p>
 * {@code StrictHttpFirewall} checks a header value every time the application reads it, with
 * the pattern {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} run code point by code point.
 * A bearer request reads its {@code Authorization} header (several hundred characters) at least
 * twice, once for the DPoP request matcher of the resource server and once for the bearer token
 * resolver, and those two checks cost more than everything else the security filter chain does
 * for the request. The predicates here accept exactly the same strings (printable ASCII
 * decided by a range check, every other code point by {@link Character#getType(int)}, as the
 * pattern does) and allocate nothing.
 * <p>
 * {@link #strictHttpFirewall()} is the firewall the auto-configuration registers when the
 * application has no {@code HttpFirewall} bean of its own; an application that configures its
 * own {@code StrictHttpFirewall} can set these predicates on it.
 *
 * @author wechat-login developers
 * @see StrictHttpFirewall#setAllowedHeaderNames(Predicate)
 * @see StrictHttpFirewall#setAllowedHeaderValues(Predicate)
 * @see StrictHttpFirewall#setAllowedParameterNames(Predicate)
 */
public final class HttpFirewallCharacterChecks {

	/**
	 * Accepts what {@link StrictHttpFirewall#ALLOWED_HEADER_NAMES} accepts: assigned code points
	 * that are not control characters.
	 */
	public static final Predicate<String> ALLOWED_HEADER_NAMES = (name) -> assignedAndNotControl(name, false);

	/**
	 * Accepts what {@link StrictHttpFirewall#ALLOWED_HEADER_VALUES} accepts: assigned code points
	 * that are not control characters, and horizontal tabs.
	 */
	public static final Predicate<String> ALLOWED_HEADER_VALUES = (value) -> assignedAndNotControl(value, true);

	/**
	 * Accepts what {@link StrictHttpFirewall#ALLOWED_PARAMETER_NAMES} accepts: assigned code
	 * points that are not control characters.
	 */
	public static final Predicate<String> ALLOWED_PARAMETER_NAMES = ALLOWED_HEADER_NAMES;

	private HttpFirewallCharacterChecks() {
	}

	/**
	 * Create a {@link StrictHttpFirewall} with Spring Security's defaults except that it checks
	 * header names, header values and parameter names with the predicates of this class.
	 * @return a new firewall
	 */
	public static StrictHttpFirewall strictHttpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(ALLOWED_HEADER_NAMES);
		firewall.setAllowedHeaderValues(ALLOWED_HEADER_VALUES);
		firewall.setAllowedParameterNames(ALLOWED_PARAMETER_NAMES);
		return firewall;
	}

	private static boolean assignedAndNotControl(String value, boolean tabAllowed) {
		int length = value.length();
		int i = 0;
		while (i < length) {
			char c = value.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				i++;
				continue;
			}
			if (c == '\t' && tabAllowed) {
				i++;
				continue;
			}
			int codePoint = value.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || type == Character.CONTROL) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
