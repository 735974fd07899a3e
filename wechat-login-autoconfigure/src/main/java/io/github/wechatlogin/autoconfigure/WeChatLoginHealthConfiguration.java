package io.github.wechatlogin.autoconfigure;

import java.time.Clock;

import io.github.wechatlogin.client.CachingWeChatApiAccessTokenProvider;
import io.github.wechatlogin.core.WeChatRegistrationRepository;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator {@code weChatLogin}, when Spring Boot's health support is present and
 * {@code management.health.wechat-login.enabled} is not {@code false}.
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
class WeChatLoginHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "weChatLoginHealthIndicator")
	@ConditionalOnBean(CachingWeChatApiAccessTokenProvider.class)
	@ConditionalOnEnabledHealthIndicator("wechat-login")
	HealthIndicator weChatLoginHealthIndicator(WeChatRegistrationRepository registrations,
			CachingWeChatApiAccessTokenProvider tokens) {
		return new WeChatLoginHealthIndicator(registrations, tokens, Clock.systemUTC());
	}

}
