package io.github.wechatlogin.autoconfigure;

import java.net.http.HttpClient;
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
import io.github.wechatlogin.token.JwtWeChatTokenIssuer;
import io.github.wechatlogin.token.WeChatTokenIssuer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
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
		WeChatLoginTokenKey weChatLoginTokenKey(WeChatLoginProperties properties) {
			return new WeChatLoginTokenKey(properties.getToken().getSecret());
		}

		@Bean
		@ConditionalOnMissingBean
		JwtEncoder weChatLoginJwtEncoder(WeChatLoginTokenKey key) {
			return NimbusJwtEncoder.withSecretKey(key.getSecretKey()).build();
		}

		@Bean
		@ConditionalOnMissingBean
		JwtDecoder weChatLoginJwtDecoder(WeChatLoginTokenKey key) {
			return NimbusJwtDecoder.withSecretKey(key.getSecretKey()).macAlgorithm(MacAlgorithm.HS256).build();
		}

		@Bean
		@ConditionalOnMissingBean
		WeChatTokenIssuer weChatTokenIssuer(WeChatLoginProperties properties, JwtEncoder jwtEncoder) {
			JwtWeChatTokenIssuer issuer = new JwtWeChatTokenIssuer(jwtEncoder);
			issuer.setAccessTokenTimeToLive(properties.getToken().getAccessTokenTtl());
			return issuer;
		}

	}

}
