package io.github.wechatlogin.reliability;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.github.wechatlogin.session.WeChatSessionKeyStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logout forgets the user's {@code session_key} when the application has a
 * {@link WeChatSessionKeyStore}, on Spring MVC and on WebFlux alike (WebFlux keeps no session
 * keys of its own yet, but forgets those of a store the application declares).
 */
class LogoutSessionKeyTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "servlet", "reactive" })
	void logoutWhenSessionKeyStoreThenUsersKeyForgotten(String stack) throws Exception {
		try (LoginApp app = LoginApp.start("spring.main.web-application-type=" + stack,
				"it.session-key-store=in-memory")) {
			WeChatSessionKeyStore store = app.context.getBean(WeChatSessionKeyStore.class);
			JsonNode login = app.login("o-logout");
			store.save(LoginApp.MULTI_APP_ID, "o-logout", "kept-key", Instant.now());
			store.save(LoginApp.MULTI_APP_ID, "o-other", "other-key", Instant.now());
			HttpResponse<String> logout = app.postBearer("/logout", login.get("access_token").stringValue());
			assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
			assertThat(store.find(LoginApp.MULTI_APP_ID, "o-logout")).isNull();
			assertThat(store.find(LoginApp.MULTI_APP_ID, "o-other")).isEqualTo("other-key");
		}
	}

}
