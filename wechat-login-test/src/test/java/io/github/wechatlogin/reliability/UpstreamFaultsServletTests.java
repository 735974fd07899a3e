package io.github.wechatlogin.reliability;

/**
 * {@link UpstreamFaultsTests} on Spring MVC (Tomcat).
 */
class UpstreamFaultsServletTests extends UpstreamFaultsTests {

	@Override
	LoginApp startApp() {
		return LoginApp.startCountingConnections("it.failing-openid=" + FAILING_OPENID);
	}

}
