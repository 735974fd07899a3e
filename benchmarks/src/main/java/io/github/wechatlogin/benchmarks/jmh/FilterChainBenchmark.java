package io.github.wechatlogin.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import io.github.wechatlogin.benchmarks.app.LibraryApps;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The whole Spring Security filter chain of a demo-like application, through MockMvc (no
 * Tomcat, no client socket): a login for each app type (the WeChat call does go over loopback
 * to the simulator, without latency; minting the code in memory is part of the operation), a
 * bearer-authenticated request, and the same endpoint under {@code permitAll}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FilterChainBenchmark {

	private WeChatApiSimulator simulator;

	private ConfigurableApplicationContext context;

	private MockMvc mvc;

	private String bearer;

	private long users;

	@Setup
	public void setUp() throws Exception {
		this.simulator = WeChatApiSimulator.builder()
			.app(LibraryApps.MULTI_APP_ID, LibraryApps.MULTI_APP_SECRET)
			.app(LibraryApps.MINI_PROGRAM_ID, LibraryApps.MINI_PROGRAM_SECRET)
			.build()
			.start();
		this.context = LibraryApps.start(this.simulator.getBaseUrl(), 0);
		this.mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) this.context)
			.apply(springSecurity())
			.build();
		String body = loginClassic().getContentAsString();
		this.bearer = "Bearer " + JsonMapper.shared().readTree(body).get("access_token").asString();
	}

	@TearDown
	public void tearDown() {
		this.context.close();
		this.simulator.close();
	}

	@Benchmark
	public MockHttpServletResponse loginMiniProgram() throws Exception {
		return loginClassic();
	}

	@Benchmark
	public MockHttpServletResponse loginMultiApp() throws Exception {
		String code = this.simulator.issueCode(LibraryApps.MULTI_APP_ID,
				SimulatedUser.weixinApp("o-jmh-" + (++this.users), null));
		return ok(this.mvc
			.perform(post("/login/wechat").contentType(MediaType.APPLICATION_JSON).content("{\"code\":\"" + code + "\"}"))
			.andReturn()
			.getResponse());
	}

	@Benchmark
	public MockHttpServletResponse bearer() throws Exception {
		return ok(this.mvc.perform(get("/api/ping").header("Authorization", this.bearer)).andReturn().getResponse());
	}

	@Benchmark
	public MockHttpServletResponse permitAll() throws Exception {
		return ok(this.mvc.perform(get("/api/public/ping")).andReturn().getResponse());
	}

	private MockHttpServletResponse loginClassic() throws Exception {
		String code = this.simulator.issueCode(LibraryApps.MINI_PROGRAM_ID,
				SimulatedUser.miniProgram("o-jmh-" + (++this.users), null));
		return ok(this.mvc
			.perform(post("/login/wechat/classic").contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + code + "\"}"))
			.andReturn()
			.getResponse());
	}

	private static MockHttpServletResponse ok(MockHttpServletResponse response) {
		if (response.getStatus() != 200) {
			throw new IllegalStateException("Unexpected status " + response.getStatus());
		}
		return response;
	}

}
