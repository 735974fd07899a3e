package io.github.wechatlogin.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.github.wechatlogin.autoconfigure.WeChatLoginProperties;
import io.github.wechatlogin.core.WeChatAppType;
import io.github.wechatlogin.core.WeChatRegistration;
import io.github.wechatlogin.core.WeChatRegistrationRepository;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Logs, once the application is ready, copy-paste curl commands that log in through the
 * embedded simulator and call the API, with the actual ports. It logs app ids and openids,
 * never a secret or a token.
 *
 * @author wechat-login developers
 */
final class SimulatorInstructions implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(SimulatorInstructions.class);

	private static final String DEFAULT_OPENID = "o-demo-user";

	private static final String DEFAULT_REDIRECT_PATH = "pages/index/index";

	private static final String JSON = " -H 'Content-Type: application/json'";

	private final WeChatApiSimulator simulator;

	private final WeChatLoginProperties loginProperties;

	private final WeChatRegistrationRepository registrations;

	private final DemoProperties properties;

	SimulatorInstructions(WeChatApiSimulator simulator, WeChatLoginProperties loginProperties,
			WeChatRegistrationRepository registrations, DemoProperties properties) {
		this.simulator = simulator;
		this.loginProperties = loginProperties;
		this.registrations = registrations;
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebServerApplicationContext context
				&& context.getWebServer() != null && this.registrations.iterator().hasNext()) {
			logger.info(instructions(context.getWebServer().getPort()));
		}
	}

	String instructions(int serverPort) {
		Iterator<WeChatRegistration> iterator = this.registrations.iterator();
		WeChatRegistration first = iterator.next();
		List<WeChatRegistration> others = new ArrayList<>();
		iterator.forEachRemaining(others::add);
		String app = "http://127.0.0.1:" + serverPort;
		String codes = this.simulator.getBaseUrl() + "/simulator/codes";
		String openid = this.properties.getAdmins().isEmpty() ? DEFAULT_OPENID : this.properties.getAdmins().get(0);
		String redirectPath = (first.getRedirectPath() != null) ? first.getRedirectPath() : DEFAULT_REDIRECT_PATH;
		String mintCode = "curl -s -X POST " + codes + JSON + " -d '{\"openid\":\"" + openid
				+ "\",\"unionid\":\"u-demo\",\"loginType\":\"" + SimulatedUser.WEIXIN_MINI_PROGRAM + "\"}'";
		String loginUrl = app + loginPath(first);
		StringBuilder text = new StringBuilder();
		text.append("The WeChat login demo runs against the embedded WeChat API simulator at ")
			.append(this.simulator.getBaseUrl())
			.append(", not the real WeChat. Try it with curl:\n");
		text.append("  1. Mint a login code at the simulator, as wx.weixinMiniProgramLogin would get one:\n");
		text.append("     ").append(mintCode).append('\n');
		text.append("  2. Log in with the code:\n");
		text.append("     curl -s -X POST ")
			.append(loginUrl)
			.append(JSON)
			.append(" -d '{\"code\":\"<code>\",\"redirectPath\":\"")
			.append(redirectPath)
			.append("\"}'\n");
		text.append("  3. Call the API with the access_token of the answer:\n");
		text.append("     curl -s ").append(app).append("/api/me -H 'Authorization: Bearer <access_token>'\n");
		text.append("     curl -s ").append(app).append("/api/admin/ping -H 'Authorization: Bearer <access_token>'\n");
		text.append("  Or all at once in a shell:\n");
		text.append("     CODE=$(")
			.append(mintCode)
			.append(" | sed -E 's/.*\"code\":\"([^\"]+)\".*/\\1/')\n");
		text.append("     TOKEN=$(curl -s -X POST ")
			.append(loginUrl)
			.append(JSON)
			.append(" -d \"{\\\"code\\\":\\\"$CODE\\\",\\\"redirectPath\\\":\\\"")
			.append(redirectPath)
			.append("\\\"}\" | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n");
		text.append("     curl -s ").append(app).append("/api/me -H \"Authorization: Bearer $TOKEN\"; echo\n");
		for (WeChatRegistration other : others) {
			text.append("  Registration '")
				.append(other.getRegistrationId())
				.append("' (app id ")
				.append(other.getAppId())
				.append(") logs in at ")
				.append(app)
				.append(loginPath(other))
				.append(": add \"appid\":\"")
				.append(other.getAppId())
				.append("\" to the code request.\n");
		}
		for (WeChatRegistration other : others) {
			if (other.getType() == WeChatAppType.MINI_PROGRAM) {
				text.append("  Phone numbers (mini program registration '")
					.append(other.getRegistrationId())
					.append("'): log in there, mint a phone code as the getPhoneNumber button would get one,\n")
					.append("     curl -s -X POST ")
					.append(this.simulator.getBaseUrl())
					.append("/simulator/phone-codes")
					.append(JSON)
					.append(" -d '{\"appid\":\"")
					.append(other.getAppId())
					.append("\",\"openid\":\"<openid>\",\"phoneNumber\":\"13800138000\"}'\n")
					.append("     and bind it: curl -s -X POST ")
					.append(app)
					.append(DemoSecurityConfiguration.PHONE_NUMBER_PATH)
					.append(JSON)
					.append(" -H 'Authorization: Bearer <access_token>' -d '{\"code\":\"<phone code>\"}'")
					.append(" (the answer carries fresh tokens with ROLE_VERIFIED).\n");
				text.append("  WeRun data (the same registration): encrypt some with the user's session_key, as wx.getWeRunData would get it,\n")
					.append("     curl -s -X POST ")
					.append(this.simulator.getBaseUrl())
					.append("/simulator/encrypted-data")
					.append(JSON)
					.append(" -d '{\"appid\":\"")
					.append(other.getAppId())
					.append("\",\"openid\":\"<openid>\",\"data\":{\"stepInfoList\":[{\"timestamp\":1445866601,\"step\":100}]}}'\n")
					.append("     and decrypt it on the server: curl -s -X POST ")
					.append(app)
					.append("/api/werun")
					.append(JSON)
					.append(" -H 'Authorization: Bearer <access_token>' -d '{\"encryptedData\":\"...\",\"iv\":\"...\"}'")
					.append(" (GET /api/session/check asks WeChat whether the session_key is still valid).\n");
				break;
			}
		}
		text.append("  The openids in demo.admins ")
			.append(this.properties.getAdmins())
			.append(" get ROLE_ADMIN; any other openid is a plain user.");
		return text.toString();
	}

	private String loginPath(WeChatRegistration registration) {
		String loginPath = this.loginProperties.getLoginPath();
		return WeChatRegistration.DEFAULT_REGISTRATION_ID.equals(registration.getRegistrationId()) ? loginPath
				: loginPath + "/" + registration.getRegistrationId();
	}

}
