package io.github.wechatlogin.autoconfigure;

import io.github.wechatlogin.core.WeChatRegistrationRepository;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator endpoint {@code wechatlogin} ({@link WeChatRegistrationsEndpoint}), when Spring
 * Boot's Actuator is present and the endpoint is enabled and exposed
 * ({@code management.endpoints.web.exposure.include=wechatlogin}).
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
class WeChatLoginRegistrationsEndpointConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(WeChatRegistrationsEndpoint.class)
	WeChatRegistrationsEndpoint weChatRegistrationsEndpoint(WeChatRegistrationRepository registrations) {
		return new WeChatRegistrationsEndpoint(registrations);
	}

}
