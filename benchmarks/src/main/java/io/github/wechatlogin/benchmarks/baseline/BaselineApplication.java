package io.github.wechatlogin.benchmarks.baseline;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The hand-rolled baseline: WeChat login as users write it today, without the starter and
 * without Spring Security. A plain controller calls {@code jscode2session} with
 * {@link RestClient} (JDK {@code HttpClient}, as the starter) and signs an HS256 JWT with Nimbus
 * (the JWT library the starter uses); {@code /api/ping} checks the bearer token by hand.
 * <p>
 * Run on a class path without Spring Security (see {@code benchmarks/run-load.sh}):
 * {@code --baseline.api-base-url=http://127.0.0.1:8089 --server.port=8081}.
 */
@SpringBootApplication
public class BaselineApplication {

	public static void main(String[] args) {
		SpringApplication.run(BaselineApplication.class, args);
	}

	@RestController
	static class LoginController {

		private static final JsonMapper JSON = JsonMapper.shared();

		private final RestClient restClient;

		private final String appId;

		private final String secret;

		private final JWSSigner signer;

		private final JWSVerifier verifier;

		LoginController(@Value("${baseline.api-base-url:http://127.0.0.1:8089}") String baseUrl,
				@Value("${baseline.app-id:wx-demo-mini-program}") String appId,
				@Value("${baseline.secret:demo-classic-secret-for-the-simulator-only}") String secret,
				@Value("${baseline.token-secret:demo-token-secret-change-me-at-least-32-bytes-long}") String tokenSecret)
				throws JOSEException {
			this.restClient = RestClient.builder()
				.baseUrl(baseUrl)
				.requestFactory(new JdkClientHttpRequestFactory())
				.build();
			this.appId = appId;
			this.secret = secret;
			byte[] key = tokenSecret.getBytes(StandardCharsets.UTF_8);
			this.signer = new MACSigner(key);
			this.verifier = new MACVerifier(key);
		}

		@PostMapping("/login")
		ResponseEntity<Map<String, Object>> login(@RequestBody Map<String, String> body) throws JOSEException {
			String code = body.get("code");
			if (code == null || code.isBlank()) {
				return ResponseEntity.badRequest().build();
			}
			String answer = this.restClient.get()
				.uri("/sns/jscode2session?appid={appid}&secret={secret}&js_code={code}&grant_type=authorization_code",
						this.appId, this.secret, code)
				.retrieve()
				.body(String.class);
			JsonNode json = JSON.readTree(answer);
			if (json.path("errcode").asInt(0) != 0 || !json.hasNonNull("openid")) {
				return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
			}
			String openid = json.get("openid").asString();
			Instant now = Instant.now();
			JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(openid)
				.jwtID(UUID.randomUUID().toString())
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(7200)))
				.claim("openid", openid)
				.claim("app_id", this.appId)
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(this.signer);
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("access_token", jwt.serialize());
			response.put("token_type", "Bearer");
			response.put("expires_in", 7200);
			response.put("openid", openid);
			return ResponseEntity.ok(response);
		}

		@GetMapping("/api/ping")
		ResponseEntity<Map<String, Object>> ping(HttpServletRequest request) {
			String header = request.getHeader("Authorization");
			if (header == null || !header.startsWith("Bearer ")) {
				return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
			}
			try {
				SignedJWT jwt = SignedJWT.parse(header.substring(7));
				if (!jwt.verify(this.verifier)) {
					return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
				}
				Date expires = jwt.getJWTClaimsSet().getExpirationTime();
				if (expires == null || expires.before(new Date())) {
					return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
				}
			}
			catch (ParseException | JOSEException ex) {
				return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
			}
			return ResponseEntity.ok(Map.of("pong", true));
		}

		@GetMapping("/api/public/ping")
		Map<String, Object> publicPing() {
			return Map.of("pong", true);
		}

	}

}
