package io.github.wechatlogin.autoconfigure;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.authentication.DefaultWeChatUserService;
import io.github.wechatlogin.authentication.WeChatUserService;
import io.github.wechatlogin.client.CachingWeChatAccessTokenProvider;
import io.github.wechatlogin.client.DelegatingWeChatCodeExchanger;
import io.github.wechatlogin.client.RestClientClassicTokenClient;
import io.github.wechatlogin.client.RestClientCode2VerifyInfoExchanger;
import io.github.wechatlogin.client.RestClientJsCode2SessionExchanger;
import io.github.wechatlogin.client.RestClientStableTokenClient;
import io.github.wechatlogin.client.WeChatAccessTokenClient;
import io.github.wechatlogin.client.WeChatAccessTokenProvider;
import io.github.wechatlogin.client.WeChatCodeExchanger;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.token.InMemoryWeChatRefreshTokenStore;
import io.github.wechatlogin.token.InMemoryWeChatTokenRevocationStore;
import io.github.wechatlogin.token.JwtWeChatTokenService;
import io.github.wechatlogin.token.WeChatAccessTokenCustomizer;
import io.github.wechatlogin.token.WeChatJwkSet;
import io.github.wechatlogin.token.WeChatRefreshTokenStore;
import io.github.wechatlogin.token.WeChatTokenRevocationStore;
import io.github.wechatlogin.token.WeChatTokenService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * WeChat login: the registrations of {@code wechat.login.*}, the WeChat API client, the user
 * service and the access tokens. Every bean backs off when the application defines its own.
 *
 * @author wechat-login developers
 * @see WeChatLoginSecurityAutoConfiguration
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@EnableConfigurationProperties(WeChatLoginProperties.class)
@Import({ WeChatLoginAutoConfiguration.ClientConfiguration.class, WeChatLoginAutoConfiguration.TokenConfiguration.class })
public final class WeChatLoginAutoConfiguration {

	/**
	 * The name of the {@link RestClient} that calls the WeChat API. It is not a default
	 * candidate, so it is never injected where the application asks for a {@code RestClient}.
	 */
	public static final String REST_CLIENT_BEAN_NAME = "weChatApiRestClient";

	@Bean
	@ConditionalOnMissingBean
	WeChatRegistrationRepository weChatRegistrationRepository(WeChatLoginProperties properties) {
		return WeChatRegistrationsFactory.create(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	WeChatUserService weChatUserService(WeChatLoginProperties properties) {
		DefaultWeChatUserService userService = new DefaultWeChatUserService();
		userService.setAuthorities(AuthorityUtils.createAuthorityList(properties.getDefaultAuthorities()));
		return userService;
	}

	@Configuration(proxyBeanMethods = false)
	static class ClientConfiguration {

		@Bean(name = REST_CLIENT_BEAN_NAME, defaultCandidate = false)
		@ConditionalOnMissingBean(name = REST_CLIENT_BEAN_NAME)
		RestClient weChatApiRestClient(WeChatLoginProperties properties,
				ObjectProvider<WeChatApiRestClientCustomizer> customizers) {
			WeChatLoginProperties.Client client = properties.getClient();
			HttpClient httpClient = HttpClient.newBuilder()
				.connectTimeout(client.getConnectTimeout())
				.version(HttpClient.Version.HTTP_1_1)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
			JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
			requestFactory.setReadTimeout(client.getReadTimeout());
			RestClient.Builder builder = RestClient.builder()
				.baseUrl(properties.getApiBaseUrl())
				.requestFactory(requestFactory);
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}

		@Bean
		@ConditionalOnMissingBean
		WeChatAccessTokenClient weChatAccessTokenClient(WeChatLoginProperties properties,
				@Qualifier(REST_CLIENT_BEAN_NAME) RestClient restClient) {
			return switch (properties.getClient().getAccessTokenEndpoint()) {
				case STABLE -> new RestClientStableTokenClient(restClient);
				case CLASSIC -> new RestClientClassicTokenClient(restClient);
			};
		}

		@Bean
		@ConditionalOnMissingBean
		WeChatAccessTokenProvider weChatAccessTokenProvider(WeChatLoginProperties properties,
				WeChatAccessTokenClient accessTokenClient) {
			WeChatLoginProperties.Client client = properties.getClient();
			CachingWeChatAccessTokenProvider provider = new CachingWeChatAccessTokenProvider(accessTokenClient);
			provider.setRefreshBeforeExpiry(client.getAccessTokenRefreshMargin());
			provider.setMaxWait(client.getConnectTimeout().plus(client.getReadTimeout()).multipliedBy(2));
			return provider;
		}

		@Bean
		@ConditionalOnMissingBean
		WeChatCodeExchanger weChatCodeExchanger(WeChatLoginProperties properties,
				@Qualifier(REST_CLIENT_BEAN_NAME) RestClient restClient,
				ObjectProvider<WeChatAccessTokenProvider> accessTokenProvider) {
			int maxResponseSize = (int) Math.min(Integer.MAX_VALUE - 1,
					properties.getClient().getMaxResponseSize().toBytes());
			RestClientJsCode2SessionExchanger miniProgram = new RestClientJsCode2SessionExchanger(restClient);
			miniProgram.setMaxResponseSize(maxResponseSize);
			RestClientCode2VerifyInfoExchanger multiApp = new RestClientCode2VerifyInfoExchanger(restClient,
					accessTokenProvider.getObject());
			multiApp.setMaxResponseSize(maxResponseSize);
			return new DelegatingWeChatCodeExchanger(
					Map.of(WeChatAppType.MINI_PROGRAM, miniProgram, WeChatAppType.MULTI_APP, multiApp));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TokenConfiguration {

		@Bean
		@Lazy
		WeChatLoginTokenKeys weChatLoginTokenKeys(WeChatLoginProperties properties) {
			return WeChatLoginTokenKeys.of(properties.getToken());
		}

		@Bean
		@ConditionalOnMissingBean
		JwtEncoder weChatLoginJwtEncoder(WeChatLoginTokenKeys keys) {
			return keys.createEncoder();
		}

		@Bean
		@ConditionalOnMissingBean
		JwtDecoder weChatLoginJwtDecoder(WeChatLoginTokenKeys keys, WeChatLoginProperties properties) {
			NimbusJwtDecoder decoder = keys.createDecoder();
			List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
			validators.add(JwtValidators.createDefault());
			String issuer = properties.getToken().getIssuer();
			if (StringUtils.hasText(issuer)) {
				validators.add(new JwtIssuerValidator(issuer));
			}
			String audience = properties.getToken().getAudience();
			if (StringUtils.hasText(audience)) {
				validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && aud.contains(audience)));
			}
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
			return decoder;
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
		WeChatTokenService weChatTokenService(WeChatLoginProperties properties, JwtEncoder jwtEncoder,
				WeChatLoginTokenKeys keys, WeChatRefreshTokenStore refreshTokens,
				WeChatTokenRevocationStore revocations, ObjectProvider<WeChatAccessTokenCustomizer> customizers) {
			WeChatLoginProperties.Token token = properties.getToken();
			JwtWeChatTokenService tokenService = new JwtWeChatTokenService(jwtEncoder, refreshTokens, revocations);
			tokenService.setAccessTokenTimeToLive(token.getAccessTokenTtl());
			tokenService.setRefreshTokenTimeToLive(token.getRefreshTokenTtl());
			tokenService.setSigningKey(keys.getAlgorithm(), keys.getKeyId());
			tokenService.setIssuer(StringUtils.hasText(token.getIssuer()) ? token.getIssuer() : null);
			tokenService.setAudience(StringUtils.hasText(token.getAudience()) ? token.getAudience() : null);
			List<WeChatAccessTokenCustomizer> ordered = customizers.orderedStream().toList();
			if (!ordered.isEmpty()) {
				tokenService.setAccessTokenCustomizer((claims, user) -> ordered
					.forEach((customizer) -> customizer.customize(claims, user)));
			}
			return tokenService;
		}

	}

}
