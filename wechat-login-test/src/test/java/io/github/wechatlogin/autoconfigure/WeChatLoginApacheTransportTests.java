package io.github.wechatlogin.autoconfigure;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@code wechat.login.client.http-client}: the transport of the starter's own WeChat
 * client, independent of the application's own {@code RestClient}.
 */
class WeChatLoginApacheTransportTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeChatLoginAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withPropertyValues("wechat.login.app-id=wx-app", "wechat.login.secret=s",
				"wechat.login.token.secret=0123456789abcdef0123456789abcdef");

	@Test
	void httpClientWhenDefaultThenOurClientIsJdkAndApplicationsIsBootsChoice() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(ourFactory(context.getBean(WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME,
					DeferredClientHttpRequestFactory.class))).isInstanceOf(BlockingJdkClientHttpRequestFactory.class);
			// httpclient5 is on the classpath: Boot gives it to the application's own clients
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class).build())
				.isInstanceOf(HttpComponentsClientHttpRequestFactory.class);
		});
	}

	@Test
	void httpClientWhenApacheThenOurClientIsApacheAndApplicationsUnchanged() {
		this.contextRunner.withPropertyValues("wechat.login.client.http-client=apache").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(ourFactory(context.getBean(WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME,
					DeferredClientHttpRequestFactory.class))).isInstanceOf(ApacheClientHttpRequestFactory.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class).build())
				.isInstanceOf(HttpComponentsClientHttpRequestFactory.class);
		});
	}

	@Test
	void httpClientWhenApacheAndApplicationChoosesJdkThenEachKeepsItsOwn() {
		this.contextRunner
			.withPropertyValues("wechat.login.client.http-client=apache", "spring.http.clients.imperative.factory=jdk")
			.withUserConfiguration(ApplicationFactory.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ourFactory(context.getBean(WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME,
						DeferredClientHttpRequestFactory.class))).isInstanceOf(ApacheClientHttpRequestFactory.class);
				assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class).build())
					.isInstanceOf(JdkClientHttpRequestFactory.class);
				assertThat(context.getBean(ClientHttpRequestFactory.class))
					.isInstanceOf(SimpleClientHttpRequestFactory.class);
			});
	}

	@Test
	void httpClientWhenApacheAndLibraryAbsentThenStartUpFailsSayingWhatToAdd() {
		this.contextRunner.withPropertyValues("wechat.login.client.http-client=apache")
			.withClassLoader(new FilteredClassLoader("org.apache.hc.client5"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(WeChatLoginConfigurationException.class)
					.hasMessageContaining("wechat.login.client.http-client is apache")
					.hasMessageContaining("Apache HttpClient 5 is not on the classpath");
				WeChatLoginConfigurationException cause = (WeChatLoginConfigurationException) rootCause(
						context.getStartupFailure());
				assertThat(new WeChatLoginConfigurationFailureAnalyzer().analyze(context.getStartupFailure())
					.getAction()).contains("org.apache.httpcomponents.client5:httpclient5").isEqualTo(cause.getAction());
			});
	}

	@Test
	void httpClientWhenJdkAndLibraryAbsentThenStarts() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.apache.hc.client5"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void contextWhenClosedThenApachePoolClosed() {
		ApacheClientHttpRequestFactory[] created = new ApacheClientHttpRequestFactory[1];
		this.contextRunner.withPropertyValues("wechat.login.client.http-client=apache").run((context) -> {
			created[0] = (ApacheClientHttpRequestFactory) ourFactory(context.getBean(
					WeChatLoginAutoConfiguration.REQUEST_FACTORY_BEAN_NAME, DeferredClientHttpRequestFactory.class));
			assertThat(created[0].createRequest(URI.create("http://127.0.0.1:9/"), HttpMethod.GET)).isNotNull();
		});
		assertThatException()
			.isThrownBy(() -> created[0].createRequest(URI.create("http://127.0.0.1:9/"), HttpMethod.GET).execute())
			.withStackTraceContaining("shut down");
	}

	private static ClientHttpRequestFactory ourFactory(DeferredClientHttpRequestFactory deferred) {
		return deferred.delegate();
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationFactory {

		@Bean
		ClientHttpRequestFactory applicationRequestFactory() {
			return new SimpleClientHttpRequestFactory();
		}

	}

}
