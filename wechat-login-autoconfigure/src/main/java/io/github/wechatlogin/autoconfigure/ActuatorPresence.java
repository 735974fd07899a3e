package io.github.wechatlogin.autoconfigure;

import org.springframework.util.ClassUtils;

/**
 * Which parts of the Actuator are on the classpath, for the default chains of both stacks.
 *
 * @author wechat-login developers
 */
final class ActuatorPresence {

	/** The Actuator's web endpoints, with or without the health module. */
	static final boolean WEB_ENDPOINTS = ClassUtils
		.isPresent("org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration", null);

	/** The health endpoint, served on the web. */
	static final boolean HEALTH_ENDPOINT = WEB_ENDPOINTS
			&& ClassUtils.isPresent("org.springframework.boot.health.actuate.endpoint.HealthEndpoint", null);

	private ActuatorPresence() {
	}

}
