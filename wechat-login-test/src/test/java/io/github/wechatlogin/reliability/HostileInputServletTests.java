package io.github.wechatlogin.reliability;

import net.jqwik.api.lifecycle.AfterContainer;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * {@link HostileInputTests} through the Spring MVC application's whole filter chain (MockMvc).
 */
class HostileInputServletTests extends HostileInputTests {

	private static MockMvc mvc;

	@AfterContainer
	static void stop() {
		stop(HostileInputServletTests.class);
		mvc = null;
	}

	@Override
	LoginApp startApp() {
		LoginApp app = LoginApp.start();
		mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) app.context).apply(springSecurity()).build();
		return app;
	}

	@Override
	Answer send(LoginApp app, HostileRequest request) throws Exception {
		MockHttpServletRequestBuilder builder = MockMvcRequestBuilders.request(request.method(), request.pathAndQuery())
			.content(request.body());
		if (request.contentType() != null) {
			builder.header("Content-Type", request.contentType());
		}
		request.headers().forEach(builder::header);
		MockHttpServletResponse response = mvc.perform(builder).andReturn().getResponse();
		return new Answer(response.getStatus(), response.getContentType(), response.getContentAsByteArray());
	}

}
