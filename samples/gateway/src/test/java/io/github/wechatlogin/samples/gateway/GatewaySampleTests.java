package io.github.wechatlogin.samples.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.github.wechatlogin.samples.gateway.downstream.RequestCounter;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample end to end over real HTTP: a mini program logs in through the gateway against the
 * WeChat API simulator, and its token opens the downstream servlet service through the gateway.
 * Each request to the gateway goes on a connection of its own (Reactor Netty's keep-alive race,
 * see docs/webflux-and-gateway.md, "Known issues").
 *
 * @author wechat-login developers
 */
class GatewaySampleTests {

	private static GatewaySample sample;

	@BeforeAll
	static void start() {
		sample = GatewaySample.startOnFreePorts();
	}

	@AfterAll
	static void stop() {
		sample.close();
	}

	@Test
	void apiWhenBearerTokenOfLoginThroughGatewayThenDownstreamAnswersWithTheOpenid() throws Exception {
		HttpResponse<String> login = login("o-alice", "u-alice");
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(login.body(), "$.token_type")).isEqualTo("Bearer");
		assertThat((String) JsonPath.read(login.body(), "$.openid")).isEqualTo("o-alice");
		assertThat(login.body()).doesNotContain("session_key");

		HttpResponse<String> me = get(gateway("/api/me"), JsonPath.read(login.body(), "$.access_token"));

		assertThat(me.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(me.body(), "$.service")).isEqualTo("downstream");
		assertThat((String) JsonPath.read(me.body(), "$.openid")).isEqualTo("o-alice");
		assertThat((String) JsonPath.read(me.body(), "$.unionid")).isEqualTo("u-alice");
	}

	@Test
	void apiWhenNoTokenThenProblemAtTheEdgeAndDownstreamNeverReached() throws Exception {
		long before = downstreamRequests();

		HttpResponse<String> me = get(gateway("/api/me"), null);
		HttpResponse<String> forged = get(gateway("/api/me"), "not-a-jwt");

		for (HttpResponse<String> response : List.of(me, forged)) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
			assertThat((Integer) JsonPath.read(response.body(), "$.status")).isEqualTo(401);
		}
		assertThat(downstreamRequests()).isEqualTo(before);
	}

	@Test
	void adminWhenOpenidNotInDownstreamAdminsThenForbiddenByDownstream() throws Exception {
		String user = JsonPath.read(login("o-plain-user", null).body(), "$.access_token");
		String admin = JsonPath.read(login("o-admin", null).body(), "$.access_token");
		long before = downstreamRequests();

		HttpResponse<String> denied = get(gateway("/api/admin/ping"), user);
		HttpResponse<String> allowed = get(gateway("/api/admin/ping"), admin);

		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(allowed.body(), "$.openid")).isEqualTo("o-admin");
		// both were relayed: the 403 is the downstream service's @PreAuthorize, not the edge's
		assertThat(downstreamRequests()).isEqualTo(before + 2);
	}

	@Test
	void refreshThroughGatewayThenNewAccessTokenOpensDownstream() throws Exception {
		HttpResponse<String> login = login("o-refresh", null);
		String refreshToken = JsonPath.read(login.body(), "$.refresh_token");

		HttpResponse<String> refreshed = post(gateway("/login/wechat/refresh"),
				"{\"refresh_token\":\"" + refreshToken + "\"}");

		assertThat(refreshed.statusCode()).isEqualTo(200);
		String accessToken = JsonPath.read(refreshed.body(), "$.access_token");
		assertThat(accessToken).isNotEqualTo(JsonPath.read(login.body(), "$.access_token"));
		assertThat((String) JsonPath.read(refreshed.body(), "$.refresh_token")).isNotEqualTo(refreshToken);
		HttpResponse<String> me = get(gateway("/api/me"), accessToken);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(me.body(), "$.openid")).isEqualTo("o-refresh");
	}

	@Test
	void logoutThroughGatewayThenTokenRefusedAtTheEdge() throws Exception {
		String accessToken = JsonPath.read(login("o-logout", null).body(), "$.access_token");
		assertThat(get(gateway("/api/me"), accessToken).statusCode()).isEqualTo(200);

		HttpResponse<String> logout = send(HttpRequest.newBuilder(gateway("/logout"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + accessToken)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		long before = downstreamRequests();

		assertThat(logout.statusCode()).isEqualTo(204);
		HttpResponse<String> me = get(gateway("/api/me"), accessToken);
		assertThat(me.statusCode()).isEqualTo(401);
		assertThat((String) JsonPath.read(me.body(), "$.error")).isEqualTo("invalid_token");
		assertThat(downstreamRequests()).isEqualTo(before);
	}

	@Test
	void downstreamWhenTokenSignedWithAnotherKeyThenUnauthorized() throws Exception {
		String genuine = JsonPath.read(login("o-mallory", null).body(), "$.access_token");
		String forged = signedWithAnotherKey("o-mallory");
		URI downstreamMe = URI.create("http://localhost:" + GatewaySample.port(sample.downstream) + "/api/me");

		// straight to the downstream service, past the gateway: it checks the signature itself
		assertThat(get(downstreamMe, genuine).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = get(downstreamMe, forged);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).contains("invalid_token"));
		// and the gateway refuses it at the edge
		assertThat(get(gateway("/api/me"), forged).statusCode()).isEqualTo(401);
	}

	private static String signedWithAnotherKey(String openid) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keyPair = generator.generateKeyPair();
		RSAKey key = new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
			.privateKey((RSAPrivateKey) keyPair.getPrivate())
			.keyID("another-key")
			.build();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(openid)
			.claim("openid", openid)
			.issuer("https://gateway.example.com")
			.audience(List.of("sample-api"))
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(5)))
			.build();
		return encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId("another-key").build(),
					claims))
			.getTokenValue();
	}

	private static long downstreamRequests() {
		return sample.downstream.getBean(RequestCounter.class).count();
	}

	private static HttpResponse<String> login(String openid, @Nullable String unionid) throws Exception {
		String code = sample.simulator.issueCode(SimulatedUser.miniProgram(openid, unionid));
		return post(gateway("/login/wechat"), "{\"code\":\"" + code + "\"}");
	}

	private static URI gateway(String path) {
		return URI.create("http://localhost:" + sample.gatewayPort() + path);
	}

	private static HttpResponse<String> get(URI uri, @Nullable String bearerToken) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		return send(request.build());
	}

	private static HttpResponse<String> post(URI uri, String json) throws Exception {
		return send(HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	// a new client, so a new connection, for every request
	private static HttpResponse<String> send(HttpRequest request) throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
