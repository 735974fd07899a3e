package io.github.wechatlogin.integration;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import io.github.wechatlogin.noservlet.NoServletApplication;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter in a WebFlux application whose class path has no servlet API, no Tomcat and no
 * Spring MVC, as one built with {@code spring-boot-starter-webflux} alone (the other reactive
 * suites run on this module's class path, which has all three): the application starts, and
 * login, bearer tokens, method security, refresh, logout and the problem answers work. It
 * failed with {@code NoClassDefFoundError: jakarta/servlet/Filter} while the WebFlux filters
 * reached the shared code through the servlet classes.
 */
class WebFluxWithoutServletApiTests {

	private static final String APP_ID = "wx-no-servlet-app";

	private static final String SECRET = "no-servlet-app-secret";

	/** Entries of the class path that carry one of these are left out. */
	private static final List<String> SERVLET_STACK = List.of("jakarta/servlet/Servlet.class",
			"org/apache/catalina/startup/Tomcat.class", "org/springframework/web/servlet/DispatcherServlet.class",
			"org/springframework/boot/tomcat/", "org/springframework/boot/webmvc/");

	private static final WeChatApiSimulator simulator = WeChatApiSimulator.builder().app(APP_ID, SECRET).build();

	private static URLClassLoader classLoader;

	private static AutoCloseable context;

	private static String baseUrl;

	@BeforeAll
	static void start() throws Exception {
		simulator.start();
		classLoader = new URLClassLoader(classPathWithoutServletStack(), ClassLoader.getPlatformClassLoader());
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(classLoader);
		try {
			Class<?> springApplication = classLoader.loadClass("org.springframework.boot.SpringApplication");
			Class<?> application = classLoader.loadClass(NoServletApplication.class.getName());
			String[] args = { "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
					"--wechat.login.type=mini-program", "--wechat.login.app-id=" + APP_ID,
					"--wechat.login.secret=" + SECRET, "--wechat.login.api-base-url=" + simulator.getBaseUrl(),
					"--wechat.login.token.secret=no-servlet-token-secret-0123456789-0123456789",
					"--wechat.login.default-authorities=ROLE_USER" };
			Object started;
			try {
				started = springApplication.getMethod("run", Class.class, String[].class).invoke(null, application, args);
			}
			catch (InvocationTargetException ex) {
				throw new AssertionError("The WebFlux application without the servlet API did not start", ex.getCause());
			}
			context = (AutoCloseable) started;
			Object environment = started.getClass().getMethod("getEnvironment").invoke(started);
			Object port = classLoader.loadClass("org.springframework.core.env.PropertyResolver")
				.getMethod("getProperty", String.class)
				.invoke(environment, "local.server.port");
			baseUrl = "http://127.0.0.1:" + port;
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	@AfterAll
	static void stop() throws Exception {
		if (context != null) {
			context.close();
		}
		if (classLoader != null) {
			classLoader.close();
		}
		simulator.close();
	}

	@Test
	void classPathWhenTheApplicationRunsThenItHasNoServletApiAndRunsOnWebFlux() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> classLoader.loadClass("jakarta.servlet.Filter"));
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> classLoader.loadClass("org.springframework.web.servlet.DispatcherServlet"));
		assertThat(context.getClass().getName()).contains("Reactive");
	}

	@Test
	void loginBearerRefreshAndLogoutWhenNoServletApiThenAnsweredAsOnEveryStack() throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram("o-no-servlet", null));
		Response login = post("/login/wechat", null, "{\"code\":\"" + code + "\"}");
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		String accessToken = login.json().get("access_token").asString();
		String refreshToken = login.json().get("refresh_token").asString();
		assertThat(login.json().get("openid").asString()).isEqualTo("o-no-servlet");

		Response me = get("/api/me", accessToken);
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("openid").asString()).isEqualTo("o-no-servlet");
		Response admin = get("/api/admin", accessToken);
		assertThat(admin.status()).as(admin.body()).isEqualTo(403);
		assertThat(admin.json().get("error").asString()).isEqualTo("access_denied");

		Response refreshed = post("/login/wechat/refresh", null, "{\"refresh_token\":\"" + refreshToken + "\"}");
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		String renewed = refreshed.json().get("access_token").asString();
		assertThat(post("/logout", renewed, "").status()).isEqualTo(204);
		Response revoked = get("/api/me", renewed);
		assertThat(revoked.status()).isEqualTo(401);
		assertThat(revoked.json().get("error").asString()).isEqualTo("invalid_token");
	}

	@Test
	void refusedRequestsWhenNoServletApiThenProblemJson() throws Exception {
		Response noToken = get("/api/me", null);
		assertThat(noToken.status()).isEqualTo(401);
		assertThat(noToken.header("Content-Type")).startsWith("application/problem+json");
		assertThat(noToken.json().get("error").asString()).isEqualTo("unauthorized");
		Response malformed = post("/login/wechat", null, "{\"code\":");
		assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
		assertThat(malformed.json().get("error").asString()).isEqualTo("invalid_request");
		Response unknownCode = post("/login/wechat", null, "{\"code\":\"not-a-code-of-the-simulator\"}");
		assertThat(unknownCode.status()).as(unknownCode.body()).isEqualTo(401);
		assertThat(unknownCode.json().get("error").asString()).isEqualTo("invalid_code");
		Response badBearer = get("/api/me", "not.a.jwt");
		assertThat(badBearer.status()).isEqualTo(401);
		assertThat(badBearer.json().get("error").asString()).isEqualTo("invalid_token");
	}

	private static Response get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	private static Response post(String path, String token, String json) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	/** Each request on a connection of its own (the Reactor Netty keep-alive race, see TestHttpClients). */
	private static Response send(HttpRequest request) throws IOException, InterruptedException {
		return Response.of(TestHttpClients.http11().send(request, HttpResponse.BodyHandlers.ofString()));
	}

	private static URL[] classPathWithoutServletStack() throws IOException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		int left = 0;
		for (String entry : classPath.split(File.pathSeparator)) {
			File file = new File(entry);
			if (!file.exists()) {
				continue;
			}
			if (hasServletStack(file)) {
				left++;
				continue;
			}
			urls.add(toUrl(file));
		}
		assertThat(left).as("class path entries of the servlet stack left out").isPositive();
		return urls.toArray(URL[]::new);
	}

	private static boolean hasServletStack(File entry) throws IOException {
		if (entry.isDirectory()) {
			return SERVLET_STACK.stream().anyMatch((name) -> new File(entry, name).exists());
		}
		try (JarFile jar = new JarFile(entry)) {
			return SERVLET_STACK.stream().anyMatch((name) -> jar.getEntry(name) != null);
		}
	}

	private static URL toUrl(File file) throws MalformedURLException {
		return file.toURI().toURL();
	}

}
