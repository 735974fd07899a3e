package io.github.wechatlogin.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.wechatlogin.token.CachingJwtDecoder;
import io.github.wechatlogin.token.InMemoryWeChatRefreshTokenStore;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.github.wechatlogin.token.WeChatTokenCustomizer;
import io.github.wechatlogin.token.WeChatJwkSet;
import io.github.wechatlogin.token.WeChatJwtCodecs;
import io.github.wechatlogin.token.WeChatRefreshTokenStore;
import io.github.wechatlogin.token.WeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatTokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The tokens of WeChat logins: keys, encoder and decoder, the JWK Set, the in-memory stores and
 * the token service. The keys are checked at start-up; the Nimbus encoder and decoder are created
 * after it (see {@link WeChatLoginWarmUp}).
 *
 * @author wechat-login developers
 */
@Configuration(proxyBeanMethods = false)
class WeChatLoginTokenConfiguration {

	@Bean
	@Lazy
	WeChatLoginTokenKeys weChatLoginTokenKeys(WeChatLoginProperties properties) {
		return WeChatLoginTokenKeys.of(properties.getToken());
	}

	/**
	 * The encoder and the decoder of access tokens, each created on first use or just after
	 * start-up (see {@link WeChatLoginWarmUp}): the keys they need are checked now, creating the
	 * Nimbus encoder and decoder costs tens of milliseconds. Not beans of type
	 * {@code JwtEncoder}/{@code JwtDecoder}, so that the application's own resource server and
	 * authorization server never see the WeChat key (see {@link WeChatJwtCodecs}).
	 */
	@Bean
	@ConditionalOnMissingBean
	WeChatJwtCodecs weChatJwtCodecs(WeChatLoginTokenKeys keys, WeChatLoginProperties properties) {
		String issuer = properties.getToken().getIssuer();
		String audience = properties.getToken().getAudience();
		return WeChatJwtCodecs.of(new DeferredJwtEncoder(keys::createEncoder),
				new DeferredJwtDecoder(() -> createDecoder(keys, issuer, audience)));
	}

	private static JwtDecoder createDecoder(WeChatLoginTokenKeys keys, @Nullable String issuer,
			@Nullable String audience) {
		NimbusJwtDecoder decoder = keys.createDecoder();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(JwtValidators.createDefault());
		if (StringUtils.hasText(issuer)) {
			validators.add(new JwtIssuerValidator(issuer));
		}
		if (StringUtils.hasText(audience)) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.contains(audience)));
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		return new CachingJwtDecoder(decoder);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "wechat.login.token", name = "signing-key-location")
	WeChatJwkSet weChatJwkSet(WeChatLoginTokenKeys keys) {
		WeChatJwkSet jwkSet = keys.getJwkSet();
		Assert.state(jwkSet != null, "No key pair is configured");
		return jwkSet;
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatRefreshTokenStore weChatRefreshTokenStore() {
		return new InMemoryWeChatRefreshTokenStore();
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatTokenRevocationStore weChatTokenRevocationStore() {
		return new InMemoryWeChatTokenRevocationStore();
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatTokenService weChatTokenService(WeChatLoginProperties properties, WeChatJwtCodecs codecs,
			WeChatLoginTokenKeys keys, WeChatRefreshTokenStore refreshTokens,
			WeChatTokenRevocationStore revocations, ObjectProvider<WeChatTokenCustomizer> customizers) {
		WeChatLoginProperties.Token token = properties.getToken();
		JwtWeChatTokenService tokenService = new JwtWeChatTokenService(codecs.getEncoder(), refreshTokens,
				revocations);
		tokenService.setAccessTokenTimeToLive(token.getAccessTokenTtl());
		tokenService.setRefreshTokenTimeToLive(token.getRefreshTokenTtl());
		tokenService.setMaxSessionAge(atLeastOneSecond(token.getMaxSessionAge(), "wechat.login.token.max-session-age"));
		tokenService.setPhoneNumberClaim(token.isPhoneNumberClaim());
		tokenService.setSigningKey(keys.getAlgorithm(), keys.getKeyId());
		tokenService.setIssuer(StringUtils.hasText(token.getIssuer()) ? token.getIssuer() : null);
		tokenService.setAudience(StringUtils.hasText(token.getAudience()) ? token.getAudience() : null);
		List<WeChatTokenCustomizer> ordered = customizers.orderedStream().toList();
		if (!ordered.isEmpty()) {
			tokenService.setAccessTokenCustomizer((claims, user) -> ordered
				.forEach((customizer) -> customizer.customize(claims, user)));
		}
		return tokenService;
	}

	private static Duration atLeastOneSecond(Duration duration, String property) {
		if (duration.getSeconds() < 1) {
			throw new WeChatLoginConfigurationException(property + " is " + duration + ".",
					"Set " + property + " to a duration of at least one second, such as 90d.");
		}
		return duration;
	}

}
