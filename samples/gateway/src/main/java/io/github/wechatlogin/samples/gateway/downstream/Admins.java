package io.github.wechatlogin.samples.gateway.downstream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The openids of {@code downstream.admins}, for {@code @PreAuthorize("@admins.contains(...)")}.
 *
 * @author wechat-login developers
 */
@Component("admins")
@EnableConfigurationProperties(DownstreamProperties.class)
public final class Admins {

	private final DownstreamProperties properties;

	Admins(DownstreamProperties properties) {
		this.properties = properties;
	}

	/**
	 * Whether an openid is an admin's.
	 * @param openid the {@code openid} claim of the token, {@code null} when it has none
	 * @return {@code true} for an openid listed in {@code downstream.admins}
	 */
	public boolean contains(@Nullable Object openid) {
		return openid != null && this.properties.admins().contains(openid.toString());
	}

}
