package io.github.wechatlogin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.github.wechatlogin.autoconfigure.WeChatLoginConfigurationException;
import io.github.wechatlogin.knobs.Knob;
import io.github.wechatlogin.test.simulator.SimulatedUser;
import io.github.wechatlogin.test.simulator.WeChatApiSimulator;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End-to-end tests of access tokens signed with a key pair ({@code wechat.login.token.*}): real
 * applications on loopback, the simulator for WeChat, keys generated for the run and read from
 * PEM files, tokens checked and forged with jose4j (independent of the Nimbus library the
 * applications use). One suite, two stacks: the applications run on Spring MVC
 * ({@link AsymmetricTokenIntegrationServletTests}) and on WebFlux
 * ({@link AsymmetricTokenIntegrationReactiveTests}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AsymmetricTokenIntegrationTests {

	private static final String APP_ID = "wx-asym";

	private static final String APP_SECRET = "asym-app-secret-0123456789";

	private static final String ISSUER = "https://login.example.test";

	private static final String AUDIENCE = "wechat-api";

	private static final String JWKS_PATH = "/.well-known/jwks.json";

	private static final String PREFIX = "wechat.login.token.";

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final HttpClient http = TestHttpClients.http11();

	/** The properties of the stack under test, added to those of every application. */
	private static List<String> stackProperties = List.of();

	/**
	 * The properties that choose the stack of the applications.
	 * @return the properties, none for Spring MVC
	 */
	abstract List<String> stackProperties();

	@TempDir
	static Path keys;

	private static WeChatApiSimulator simulator;

	private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	/** Signs the tokens of the RSA app A; accepted by app B after the rotation. */
	private static KeyPair rsaKey1;

	/** Signs the tokens of apps B and C. */
	private static KeyPair rsaKey2;

	private static KeyPair ecKey;

	/** Known to no application. */
	private static KeyPair attackerKey;

	private static String rsaKey1Location;

	private static String rsaKey1PublicLocation;

	private static App rsaApp;

	private static App ecApp;

	private static App rotatedApp;

	private static App rotatedWithoutOldKeyApp;

	@BeforeAll
	void startApplications() {
		stackProperties = stackProperties();
		simulator = WeChatApiSimulator.builder().app(APP_ID, APP_SECRET).build().start();
		rsaKey1 = TestKeys.rsa(2048);
		rsaKey2 = TestKeys.rsa(2048);
		ecKey = TestKeys.ec("secp256r1");
		attackerKey = TestKeys.rsa(2048);
		rsaKey1Location = TestKeys.writePrivateKey(keys, "rsa-1.pem", rsaKey1);
		rsaKey1PublicLocation = TestKeys.writePublicKey(keys, "rsa-1.pub.pem", rsaKey1);
		// the RSA key of apps B and C with its public key in the file, that of app A without
		String rsaKey2Location = TestKeys.writeKeyPair(keys, "rsa-2.pem", rsaKey2);
		// an EC private key must come with its public key
		String ecKeyLocation = TestKeys.writeKeyPair(keys, "ec.pem", ecKey);
		rsaApp = start(PREFIX + "signing-key-location=" + rsaKey1Location, PREFIX + "issuer=" + ISSUER,
				PREFIX + "audience=" + AUDIENCE);
		ecApp = start(PREFIX + "signing-key-location=" + ecKeyLocation, PREFIX + "issuer=" + ISSUER,
				PREFIX + "audience=" + AUDIENCE);
		rotatedApp = start(PREFIX + "signing-key-location=" + rsaKey2Location,
				PREFIX + "verification-key-locations=" + rsaKey1PublicLocation, PREFIX + "issuer=" + ISSUER,
				PREFIX + "audience=" + AUDIENCE);
		rotatedWithoutOldKeyApp = start(PREFIX + "signing-key-location=" + rsaKey2Location,
				PREFIX + "issuer=" + ISSUER, PREFIX + "audience=" + AUDIENCE);
	}

	@AfterAll
	void stopApplications() {
		contexts.forEach(ConfigurableApplicationContext::close);
		contexts.clear();
		if (simulator != null) {
			simulator.close();
		}
	}

	// 1. RSA signing key, kid, JWK Set endpoint

	@Test
	void loginWhenRsaSigningKeyThenRs256TokenWithThumbprintKidAccepted() throws Exception {
		String token = login(rsaApp, "o-1", "u-1");
		Response me = get(rsaApp, "/api/me", token);
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("openid").stringValue()).isEqualTo("o-1");
		JsonNode header = header(token);
		assertThat(header.get("alg").stringValue()).isEqualTo("RS256");
		assertThat(header.get("kid").stringValue()).isEqualTo(TestKeys.thumbprint(rsaKey1));
	}

	@Test
	void jwkSetWhenRsaSigningKeyThenPublicKeyOnlyWithoutAuthentication() throws Exception {
		Response response = get(rsaApp, JWKS_PATH, null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/jwk-set+json");
		JsonNode keySet = response.json();
		assertThat(keySet.get("keys").size()).isEqualTo(1);
		JsonNode key = keySet.get("keys").get(0);
		assertThat(key.get("kid").stringValue()).isEqualTo(TestKeys.thumbprint(rsaKey1));
		assertThat(key.get("kty").stringValue()).isEqualTo("RSA");
		assertNoPrivateMembers(keySet);
		PublicJsonWebKey published = (PublicJsonWebKey) new JsonWebKeySet(response.body()).getJsonWebKeys().get(0);
		assertThat(published.getPublicKey().getEncoded()).isEqualTo(rsaKey1.getPublic().getEncoded());
		assertThat(published.getPrivateKey()).isNull();
		// a bad bearer token does not stand in the way of the public endpoint
		Response withBadToken = get(rsaApp, JWKS_PATH, "not.a.token");
		assertThat(withBadToken.status()).isEqualTo(200);
		assertThat(withBadToken.body()).isEqualTo(response.body());
	}

	@Test
	void jwkSetWhenEcSigningKeyThenPublicKeyOnly() throws Exception {
		Response response = get(ecApp, JWKS_PATH, null);
		assertThat(response.status()).isEqualTo(200);
		JsonNode keySet = response.json();
		assertThat(keySet.get("keys").size()).isEqualTo(1);
		assertThat(keySet.get("keys").get(0).get("kid").stringValue()).isEqualTo(TestKeys.thumbprint(ecKey));
		assertThat(keySet.get("keys").get(0).get("crv").stringValue()).isEqualTo("P-256");
		assertNoPrivateMembers(keySet);
	}

	// 2. Verification by another library, from the JWK Set alone

	@Test
	void tokenWhenRsaThenVerifiedByJose4jWithPublishedJwkSetOnly() throws Exception {
		assertVerifiedWithPublishedJwkSet(rsaApp, AlgorithmIdentifiers.RSA_USING_SHA256, rsaKey1);
	}

	@Test
	void tokenWhenEcThenVerifiedByJose4jWithPublishedJwkSetOnly() throws Exception {
		assertVerifiedWithPublishedJwkSet(ecApp, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, ecKey);
	}

	// 3. Forgeries

	@Test
	void bearerWhenSignedWithRealKeyAndCopiedClaimsThenAccepted() throws Exception {
		// the control of the forgery tests below: the same construction with the real key works
		String token = sign(rsaKey1.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256, kid(rsaKey1),
				copiedClaims((claims) -> claims.setJwtId(UUID.randomUUID().toString())));
		Response me = get(rsaApp, "/api/me", token);
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("openid").stringValue()).isEqualTo("o-forged");
	}

	@Test
	void bearerWhenAlgNoneThenUnauthorized() throws Exception {
		String header = "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kid(rsaKey1) + "\"}";
		String token = base64Url(header) + "." + base64Url(copiedClaims((claims) -> {
		}).toJson()) + ".";
		assertInvalidToken(rsaApp, token);
	}

	@Test
	void bearerWhenSignedByAnotherKeyWithSameKidThenUnauthorized() throws Exception {
		assertInvalidToken(rsaApp, sign(attackerKey.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256,
				kid(rsaKey1), copiedClaims((claims) -> {
				})));
	}

	@Test
	void bearerWhenHs256WithPublicKeyAsSecretThenUnauthorized() throws Exception {
		JwtClaims claims = copiedClaims((copy) -> {
		});
		byte[] der = rsaKey1.getPublic().getEncoded();
		assertInvalidToken(rsaApp, sign(new HmacKey(der), AlgorithmIdentifiers.HMAC_SHA256, kid(rsaKey1), claims));
		byte[] pem = Files.readAllBytes(Path.of(URI.create(rsaKey1PublicLocation)));
		assertInvalidToken(rsaApp, sign(new HmacKey(pem), AlgorithmIdentifiers.HMAC_SHA256, kid(rsaKey1), claims));
	}

	@Test
	void bearerWhenExpiredThenUnauthorized() throws Exception {
		long now = Instant.now().getEpochSecond();
		assertInvalidToken(rsaApp, signWithRealKey((claims) -> {
			claims.setIssuedAt(NumericDate.fromSeconds(now - 7200));
			claims.setExpirationTime(NumericDate.fromSeconds(now - 3600));
		}));
	}

	@Test
	void bearerWhenWrongOrMissingIssuerThenUnauthorized() throws Exception {
		assertInvalidToken(rsaApp, signWithRealKey((claims) -> claims.setIssuer("https://evil.example.test")));
		assertInvalidToken(rsaApp, signWithRealKey((claims) -> claims.unsetClaim("iss")));
	}

	@Test
	void bearerWhenWrongOrMissingAudienceThenUnauthorized() throws Exception {
		assertInvalidToken(rsaApp, signWithRealKey((claims) -> claims.setAudience("other-api")));
		assertInvalidToken(rsaApp, signWithRealKey((claims) -> claims.unsetClaim("aud")));
	}

	@Test
	void bearerWhenUnknownKidThenUnauthorized() throws Exception {
		assertInvalidToken(rsaApp, sign(attackerKey.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256,
				kid(attackerKey), copiedClaims((claims) -> {
				})));
	}

	// 4. Key rotation

	@Test
	@Knob(properties = "wechat.login.token.verification-key-locations")
	void rotationWhenOldPublicKeyListedThenOldTokensAcceptedAndNewTokensSignedWithNewKey() throws Exception {
		String oldToken = login(rsaApp, "o-rotate", null);
		Response oldOnRotated = get(rotatedApp, "/api/me", oldToken);
		assertThat(oldOnRotated.status()).as(oldOnRotated.body()).isEqualTo(200);
		assertThat(oldOnRotated.json().get("openid").stringValue()).isEqualTo("o-rotate");
		String newToken = login(rotatedApp, "o-rotate", null);
		assertThat(get(rotatedApp, "/api/me", newToken).status()).isEqualTo(200);
		assertThat(header(newToken).get("kid").stringValue()).isEqualTo(kid(rsaKey2))
			.isNotEqualTo(header(oldToken).get("kid").stringValue());
		Response keySet = get(rotatedApp, JWKS_PATH, null);
		assertThat(keySet.status()).isEqualTo(200);
		List<String> kids = new ArrayList<>();
		keySet.json().get("keys").forEach((key) -> kids.add(key.get("kid").stringValue()));
		assertThat(kids).containsExactlyInAnyOrder(kid(rsaKey1), kid(rsaKey2));
		assertNoPrivateMembers(keySet.json());
	}

	@Test
	void rotationWhenOldPublicKeyNotListedThenOldTokensRefused() throws Exception {
		String oldToken = login(rsaApp, "o-rotate-out", null);
		String newToken = login(rotatedApp, "o-rotate-out", null);
		assertThat(get(rotatedWithoutOldKeyApp, "/api/me", newToken).status()).isEqualTo(200);
		assertInvalidToken(rotatedWithoutOldKeyApp, oldToken);
		// nor does the old application know the new key
		assertInvalidToken(rsaApp, newToken);
	}

	// 5. Misconfiguration

	@Test
	void startWhenSecretAndSigningKeyThenFailsNamingBoth() {
		assertStartFails(new String[] { PREFIX + "secret=" + "s".repeat(48),
				PREFIX + "signing-key-location=" + rsaKey1Location }, PREFIX + "secret",
				PREFIX + "signing-key-location");
	}

	@Test
	void startWhenVerificationKeysWithoutSigningKeyThenFails() {
		assertStartFails(new String[] { PREFIX + "verification-key-locations=" + rsaKey1PublicLocation },
				PREFIX + "verification-key-locations", PREFIX + "signing-key-location");
	}

	@Test
	void startWhenPkcs1PrivateKeyThenFailsAskingForPkcs8() throws Exception {
		String location = TestKeys.writePkcs1PrivateKey(keys, "pkcs1.pem", rsaKey1);
		String pem = Files.readString(Path.of(URI.create(location)));
		String message = assertStartFails(new String[] { PREFIX + "signing-key-location=" + location },
				PREFIX + "signing-key-location", "PKCS#8");
		assertThat(message).doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());
	}

	@Test
	void startWhenRsaKeyOf1024BitsThenFails() {
		String location = TestKeys.writePrivateKey(keys, "rsa-1024.pem", TestKeys.rsa(1024));
		assertStartFails(new String[] { PREFIX + "signing-key-location=" + location },
				PREFIX + "signing-key-location", "1024", "2048");
	}

	@Test
	void startWhenVerificationRsaKeyOf1024BitsThenFails() {
		String location = TestKeys.writePublicKey(keys, "rsa-1024.pub.pem", TestKeys.rsa(1024));
		assertStartFails(new String[] { PREFIX + "signing-key-location=" + rsaKey1Location,
				PREFIX + "verification-key-locations=" + location }, PREFIX + "verification-key-locations", "1024");
	}

	@Test
	void startWhenEcKeyOnP384ThenFails() {
		String location = TestKeys.writeKeyPair(keys, "ec-p384.pem", TestKeys.ec("secp384r1"));
		assertStartFails(new String[] { PREFIX + "signing-key-location=" + location },
				PREFIX + "signing-key-location", "P-256");
	}

	@Test
	void startWhenEcPrivateKeyWithoutItsPublicKeyThenFailsWithTheOpensslCommand() {
		String location = TestKeys.writePrivateKey(keys, "ec-private-only.pem", ecKey);
		WeChatLoginConfigurationException failure = startFailure(
				new String[] { PREFIX + "signing-key-location=" + location });
		assertThat(failure.getMessage()).contains(PREFIX + "signing-key-location", "ec-private-only.pem",
				"EC private key but no '-----BEGIN PUBLIC KEY-----' block");
		assertThat(failure.getAction()).contains("openssl pkey -in key.pem -pubout >> key.pem");
	}

	@Test
	void startWhenPublicKeyInTheFileIsNotThePrivateKeysThenFails() {
		String ec = TestKeys.writeMismatchedKeyPair(keys, "ec-mismatched.pem", ecKey, TestKeys.ec("secp256r1"));
		assertStartFails(new String[] { PREFIX + "signing-key-location=" + ec }, PREFIX + "signing-key-location",
				"does not belong to its private key");
		String rsa = TestKeys.writeMismatchedKeyPair(keys, "rsa-mismatched.pem", rsaKey1, rsaKey2);
		assertStartFails(new String[] { PREFIX + "signing-key-location=" + rsa }, PREFIX + "signing-key-location",
				"does not belong to its private key");
	}

	// helpers

	private static App start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"wechat.login.app-id=" + APP_ID, "wechat.login.secret=" + APP_SECRET,
				"wechat.login.api-base-url=" + simulator.getBaseUrl()));
		all.addAll(stackProperties);
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(IntegrationTestApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
		contexts.add(context);
		return new App(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
	}

	/**
	 * Assert the application does not start, and that the root cause is a configuration
	 * exception whose message contains every one of the expected parts.
	 * @return the message
	 */
	private static String assertStartFails(String[] properties, String... expected) {
		String message = startFailure(properties).getMessage();
		assertThat(message).contains(expected);
		return message;
	}

	/**
	 * Assert the application does not start because of a configuration exception.
	 * @return that exception, the root cause
	 */
	private static WeChatLoginConfigurationException startFailure(String[] properties) {
		List<WeChatLoginConfigurationException> failures = new ArrayList<>();
		assertThatThrownBy(() -> start(properties)).rootCause()
			.isInstanceOf(WeChatLoginConfigurationException.class)
			.satisfies((cause) -> failures.add((WeChatLoginConfigurationException) cause));
		return failures.get(0);
	}

	private static void assertVerifiedWithPublishedJwkSet(App app, String algorithm, KeyPair keyPair)
			throws Exception {
		String openid = "o-jose4j-" + algorithm;
		String token = login(app, openid, "u-jose4j");
		assertThat(header(token).get("alg").stringValue()).isEqualTo(algorithm);
		assertThat(header(token).get("kid").stringValue()).isEqualTo(kid(keyPair));
		Response keySet = get(app, JWKS_PATH, null);
		assertThat(keySet.status()).isEqualTo(200);
		JsonWebKeySet jwks = new JsonWebKeySet(keySet.body());
		JwtConsumer consumer = new JwtConsumerBuilder()
			.setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
			.setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
			.setExpectedIssuer(ISSUER)
			.setExpectedAudience(AUDIENCE)
			.setRequireExpirationTime()
			.setRequireIssuedAt()
			.setRequireJwtId()
			.setRequireSubject()
			.build();
		JwtClaims claims = consumer.processToClaims(token);
		long now = Instant.now().getEpochSecond();
		Response me = get(app, "/api/me", token);
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		// the simulated multi-terminal app gives each user a user_id, which becomes the name
		assertThat(claims.getSubject()).isEqualTo(me.json().get("name").stringValue())
			.isEqualTo(claims.getStringClaimValue("user_id"));
		assertThat(claims.getStringClaimValue("openid")).isEqualTo(openid);
		assertThat(claims.getStringClaimValue("unionid")).isEqualTo("u-jose4j");
		assertThat(claims.getStringClaimValue("app_id")).isEqualTo(APP_ID);
		assertThat(claims.getStringListClaimValue("authorities")).containsExactly("ROLE_USER");
		assertThat(claims.getJwtId()).isNotBlank();
		assertThat(claims.getIssuedAt().getValue()).isBetween(now - 60, now + 5);
		assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(7200);
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getAudience()).containsExactly(AUDIENCE);
		// and jose4j does refuse a token whose payload was changed (the check above means something)
		String[] parts = token.split("\\.");
		String tampered = parts[0] + "." + base64Url(claims.toJson().replace(openid, "o-other")) + "." + parts[2];
		assertThatThrownBy(() -> consumer.processToClaims(tampered)).hasMessageContaining("signature");
	}

	private static void assertInvalidToken(App app, String token) throws Exception {
		Response response = get(app, "/api/me", token);
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("error").stringValue()).isEqualTo("invalid_token");
	}

	private static void assertNoPrivateMembers(JsonNode keySet) {
		keySet.get("keys").forEach((key) -> assertThat(key.propertyNames()).doesNotContain("d", "p", "q", "dp",
				"dq", "qi", "oth", "k"));
	}

	/**
	 * The claims of a real token of the RSA app, changed by the customizer.
	 */
	private static JwtClaims copiedClaims(Consumer<JwtClaims> customizer) throws Exception {
		String token = login(rsaApp, "o-forged", null);
		String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		JwtClaims claims = JwtClaims.parse(payload);
		customizer.accept(claims);
		return claims;
	}

	private static String signWithRealKey(Consumer<JwtClaims> customizer) throws Exception {
		return sign(rsaKey1.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256, kid(rsaKey1),
				copiedClaims((claims) -> {
					claims.setJwtId(UUID.randomUUID().toString());
					customizer.accept(claims);
				}));
	}

	private static String sign(Key key, String algorithm, String kid, JwtClaims claims) throws Exception {
		JsonWebSignature jws = new JsonWebSignature();
		jws.setPayload(claims.toJson());
		jws.setKey(key);
		jws.setAlgorithmHeaderValue(algorithm);
		jws.setKeyIdHeaderValue(kid);
		jws.setHeader("typ", "JWT");
		return jws.getCompactSerialization();
	}

	private static String kid(KeyPair keyPair) {
		return TestKeys.thumbprint(keyPair);
	}

	private static JsonNode header(String token) {
		return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String login(App app, String openid, String unionid) throws Exception {
		String code = simulator.issueCode(APP_ID, SimulatedUser.miniProgram(openid, unionid));
		Response response = post(app, "/login/wechat", "{\"code\":\"" + code + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("access_token").stringValue();
	}

	private static Response post(App app, String path, String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(app.uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return Response.of(client().send(request, HttpResponse.BodyHandlers.ofString()));
	}

	private static Response get(App app, String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return Response.of(client().send(request.build(), HttpResponse.BodyHandlers.ofString()));
	}

	/**
	 * The client for a request: on WebFlux a new one, with a connection of its own, for Reactor
	 * Netty 1.3.6's keep-alive race (docs/webflux-and-gateway.md, "Known issues").
	 */
	private static HttpClient client() {
		return stackProperties.isEmpty() ? http : TestHttpClients.http11();
	}

	private record App(int port) {

		URI uri(String path) {
			return URI.create("http://127.0.0.1:" + this.port + path);
		}

	}

}
