package io.github.wechatlogin.samples.gateway.downstream;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the downstream service.
 *
 * @param admins openids (the {@code openid} claim of the gateway's tokens) allowed to
 * {@code GET /api/admin/ping}
 * @author wechat-login developers
 */
@ConfigurationProperties("downstream")
public record DownstreamProperties(List<String> admins) {

	public DownstreamProperties {
		admins = (admins != null) ? List.copyOf(admins) : List.of();
	}

}
