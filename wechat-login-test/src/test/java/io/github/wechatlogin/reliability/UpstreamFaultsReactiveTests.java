package io.github.wechatlogin.reliability;

/**
 * {@link UpstreamFaultsTests} on WebFlux (Reactor Netty, the reactive client and manager): the
 * same application and properties with {@code spring.main.web-application-type=reactive}, each
 * request on a connection of its own (docs/webflux-and-gateway.md, "Known issues").
 */
class UpstreamFaultsReactiveTests extends UpstreamFaultsTests {

	@Override
	LoginApp startApp() {
		return LoginApp.startCountingConnections("spring.main.web-application-type=reactive", "it.failing-openid=" + FAILING_OPENID);
	}

}
