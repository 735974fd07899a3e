package io.github.wechatlogin.samples.existingapp;

import java.util.List;

import io.github.wechatlogin.autoconfigure.WeChatLoginSecurityAutoConfiguration;
import io.github.wechatlogin.web.WeChatLoginAuthenticationFilter;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * How WeChat login fits into the application: the application's three chains and nothing
 * more, its own method security only, and the health endpoint open for probes.
 *
 * @author wechat-login developers
 */
@ExistingAppTest
class ExistingAppApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MockMvc mvc;

	@Test
	void securityFilterChainsWhenApplicationDeclaresThemThenOnlyTheApplicationsInOrder() {
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("miniProgramApi",
				"internalApi", "adminConsole");
		List<SecurityFilterChain> chains = this.context.getBean(FilterChainProxy.class).getFilterChains();
		assertThat(chains).hasSize(3);
		assertThat(filterTypes(chains.get(0))).contains(WeChatLoginAuthenticationFilter.class,
				BearerTokenAuthenticationFilter.class);
		assertThat(filterTypes(chains.get(1))).contains(BearerTokenAuthenticationFilter.class)
			.doesNotContain(WeChatLoginAuthenticationFilter.class);
		assertThat(filterTypes(chains.get(2))).contains(UsernamePasswordAuthenticationFilter.class)
			.doesNotContain(WeChatLoginAuthenticationFilter.class, BearerTokenAuthenticationFilter.class);
	}

	@Test
	void methodSecurityWhenApplicationEnablesItThenTheStarterDoesNotEnableItAgain() {
		assertThat(this.context.containsBean("preAuthorizeAuthorizationMethodInterceptor")).isTrue();
		assertThat(this.context.containsBeanDefinition(
				WeChatLoginSecurityAutoConfiguration.class.getName() + "$MethodSecurityConfiguration"))
			.isFalse();
	}

	@Test
	void healthWhenAnonymousThenUpWithoutSession() throws Exception {
		MvcResult result = this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andReturn();

		assertThat(result.getRequest().getSession(false)).isNull();
		assertThat(result.getResponse().getCookies()).isEmpty();
	}

	@Test
	void actuatorLinksWhenAnonymousThenRedirectedToLoginPage() throws Exception {
		this.mvc.perform(get("/actuator"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
	}

	private static List<Class<?>> filterTypes(SecurityFilterChain chain) {
		return chain.getFilters().stream().<Class<?>>map(Filter::getClass).toList();
	}

}
