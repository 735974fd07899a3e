package io.github.wechatlogin.test.docs;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.wechatlogin.core.WeChatErrorCodes;
import io.github.wechatlogin.test.context.AutoConfigureWeChatApiSimulator;
import io.github.wechatlogin.test.security.SecuredApplication;
import io.github.wechatlogin.test.simulator.Endpoint;
import io.github.wechatlogin.test.simulator.Fault;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Keeps {@code docs/errors.md} true: every {@code error} value of {@link WeChatErrorCodes} is
 * documented, and every row of its WeChat errcode table is what a login (or, for
 * {@code getuserphonenumber}, the phone number endpoint) answers when WeChat answers that errcode
 * (the simulator answers it, the application runs for real).
 */
@SpringBootTest(classes = SecuredApplication.class,
		properties = { "wechat.login.app-id=wx-errors-multi", "wechat.login.secret=errors-secret",
				"wechat.login.token.secret=errors-token-secret-0123456789-0123456789",
				"wechat.login.client.access-token-failure-backoff=0s",
				"wechat.login.apps.classic.type=mini-program", "wechat.login.apps.classic.app-id=wx-errors-mini",
				"wechat.login.apps.classic.secret=errors-classic-secret",
				"logging.level.io.github.wechatlogin=OFF" })
@AutoConfigureMockMvc
@AutoConfigureWeChatApiSimulator
class ErrorsDocumentationTests {

	private static final Path ERRORS_MD = Path.of("..", "docs", "errors.md");

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	private static final Pattern STATUS = Pattern.compile("^\\s*(\\d{3})");

	/** An errcode no row names, for the "any other" row. */
	private static final int OTHER_ERRCODE = 48999;

	private static final JsonMapper JSON = JsonMapper.shared();

	private static String markdown;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private WeChatApiSimulator simulator;

	@BeforeAll
	static void load() throws IOException {
		assertThat(ERRORS_MD).as("docs/errors.md, read from the module directory").isRegularFile();
		markdown = Files.readString(ERRORS_MD, StandardCharsets.UTF_8);
	}

	@Test
	void everyErrorValueIsDocumented() throws IllegalAccessException {
		List<String> undocumented = new ArrayList<>();
		// every error value lives in WeChatErrorCodes, the bearer ones included
		for (Field field : WeChatErrorCodes.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				String error = (String) field.get(null);
				if (!markdown.contains("| `" + error + "` |")) {
					undocumented.add(error);
				}
			}
		}
		assertThat(undocumented).as("error values without a row in docs/errors.md").isEmpty();
	}

	@Test
	void everyWeChatErrcodeRowIsWhatTheLoginAnswers() throws Exception {
		Map<String, Integer> statuses = loginStatuses();
		List<String> wrong = new ArrayList<>();
		List<String[]> rows = errcodeRows();
		assertThat(rows).hasSizeGreaterThanOrEqualTo(10);
		for (String[] row : rows) {
			String error = firstCodeSpan(row[2]);
			for (String errcode : row[0].split(",")) {
				int code = errcode.trim().equals("any other") ? OTHER_ERRCODE : Integer.parseInt(errcode.trim());
				for (Endpoint endpoint : endpoints(row[1])) {
					MockHttpServletResponse response = loginWhenWeChatAnswers(endpoint, code);
					JsonNode body = JSON.readTree(response.getContentAsString());
					String answered = body.path("error").asString();
					if (!error.equals(answered) || response.getStatus() != statuses.get(error)) {
						wrong.add(code + " at " + endpoint + ": documented " + error + " " + statuses.get(error)
								+ ", answered " + answered + " " + response.getStatus());
					}
				}
			}
		}
		assertThat(wrong).as("rows of the WeChat errcode table of docs/errors.md").isEmpty();
	}

	private MockHttpServletResponse loginWhenWeChatAnswers(Endpoint endpoint, int errcode) throws Exception {
		// reset() also invalidates the access token the application holds, so that it fetches one
		this.simulator.reset();
		if (endpoint == Endpoint.GET_USER_PHONE_NUMBER) {
			return phoneNumberWhenWeChatAnswers(errcode);
		}
		boolean classic = endpoint == Endpoint.JSCODE2SESSION;
		String code = this.simulator.issueCode(classic ? "wx-errors-mini" : "wx-errors-multi",
				SimulatedUser.miniProgram("o-errors"));
		// Twice: 40001 and 42001 are retried once after a new access token
		this.simulator.enqueueFault(endpoint, Fault.errcode(errcode));
		this.simulator.enqueueFault(endpoint, Fault.errcode(errcode));
		return this.mvc
			.perform(post(classic ? "/login/wechat/classic" : "/login/wechat").contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + code + "\"}"))
			.andReturn()
			.getResponse();
	}

	/**
	 * The phone number endpoint, for a user of the classic mini program, when WeChat's
	 * {@code getuserphonenumber} answers the errcode (twice, as for the access token retry).
	 */
	private MockHttpServletResponse phoneNumberWhenWeChatAnswers(int errcode) throws Exception {
		String code = this.simulator.issueCode("wx-errors-mini", SimulatedUser.miniProgram("o-errors"));
		MockHttpServletResponse login = this.mvc
			.perform(post("/login/wechat/classic").contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + code + "\"}"))
			.andReturn()
			.getResponse();
		assertThat(login.getStatus()).as(login.getContentAsString()).isEqualTo(200);
		String accessToken = JSON.readTree(login.getContentAsString()).path("access_token").asString();
		String phoneCode = this.simulator.issuePhoneCode("wx-errors-mini", "o-errors", "13800138000");
		this.simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(errcode));
		this.simulator.enqueueFault(Endpoint.GET_USER_PHONE_NUMBER, Fault.errcode(errcode));
		return this.mvc
			.perform(post("/login/wechat/phone-number").header("Authorization", "Bearer " + accessToken)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"code\":\"" + phoneCode + "\"}"))
			.andReturn()
			.getResponse();
	}

	private static List<Endpoint> endpoints(String api) {
		List<Endpoint> endpoints = new ArrayList<>();
		if (api.contains("all") || api.contains("jscode2session")) {
			endpoints.add(Endpoint.JSCODE2SESSION);
		}
		if (api.contains("all") || api.contains("code2verifyinfo")) {
			endpoints.add(Endpoint.CODE2VERIFYINFO);
		}
		if (api.contains("all") || api.contains("stable_token")) {
			endpoints.add(Endpoint.STABLE_TOKEN);
		}
		if (api.contains("all") || api.contains("getuserphonenumber")) {
			endpoints.add(Endpoint.GET_USER_PHONE_NUMBER);
		}
		assertThat(endpoints).as("endpoints of API '%s'", api).isNotEmpty();
		return endpoints;
	}

	private static List<String[]> errcodeRows() {
		List<String[]> rows = new ArrayList<>();
		for (String line : section("## WeChat errcodes")) {
			String[] cells = line.split("\\|");
			if (cells.length < 4 || !cells[1].trim().matches("-?\\d+(,\\s*-?\\d+)*|any other")) {
				continue;
			}
			rows.add(new String[] { cells[1].trim(), cells[2].trim(), cells[3].trim() });
		}
		return rows;
	}

	private static Map<String, Integer> loginStatuses() {
		Map<String, Integer> statuses = new LinkedHashMap<>();
		for (String line : section("## Login")) {
			String[] cells = line.split("\\|");
			if (cells.length < 4 || !cells[1].trim().startsWith("`")) {
				continue;
			}
			Matcher status = STATUS.matcher(cells[2]);
			if (status.find()) {
				statuses.putIfAbsent(firstCodeSpan(cells[1]), Integer.parseInt(status.group(1)));
			}
		}
		assertThat(statuses).containsKeys(WeChatErrorCodes.INVALID_CODE, WeChatErrorCodes.UPSTREAM_UNAVAILABLE,
				WeChatErrorCodes.SERVER_MISCONFIGURED);
		return statuses;
	}

	private static List<String> section(String heading) {
		int start = markdown.indexOf("\n" + heading);
		assertThat(start).as("section %s of docs/errors.md", heading).isNotNegative();
		int end = markdown.indexOf("\n## ", start + 1);
		return List.of(markdown.substring(start, (end < 0) ? markdown.length() : end).split("\n"));
	}

	private static String firstCodeSpan(String cell) {
		Matcher matcher = CODE_SPAN.matcher(cell);
		assertThat(matcher.find()).as("a `value` in '%s'", cell).isTrue();
		return matcher.group(1);
	}

}
