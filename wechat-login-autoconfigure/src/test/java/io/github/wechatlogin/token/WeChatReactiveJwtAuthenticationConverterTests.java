package io.github.wechatlogin.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.github.wechatlogin.authentication.WeChatAuthentication;
import io.github.wechatlogin.authentication.WeChatUser;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatReactiveJwtAuthenticationConverter} with a reactive revocation store:
 * it reads the ids {@link JwtWeChatTokenService} revokes (a logout's), refuses revoked tokens,
 * fails closed when the store cannot tell, and never blocks.
 */
class WeChatReactiveJwtAuthenticationConverterTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final SecretKey KEY = new SecretKeySpec(
			"0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	private final InMemoryWeChatTokenRevocationStore revocations = new InMemoryWeChatTokenRevocationStore();

	private final JwtWeChatTokenService tokens = new JwtWeChatTokenService(NimbusJwtEncoder.withSecretKey(KEY).build(),
			new InMemoryWeChatRefreshTokenStore(), this.revocations);

	private final List<String> asked = new ArrayList<>();

	private final WeChatReactiveJwtAuthenticationConverter converter = new WeChatReactiveJwtAuthenticationConverter(
			new WeChatJwtAuthenticationConverter());

	@Test
	void convertWhenNotRevokedThenAuthenticationAfterAskingTokenAndSessionIds() {
		this.converter.setRevocationStore(readingRevocations());
		Jwt jwt = accessToken();
		StepVerifier.create(this.converter.convert(jwt))
			.assertNext((authentication) -> assertThat(authentication).isInstanceOf(WeChatBearerTokenAuthentication.class))
			.expectComplete()
			.verify(WAIT);
		assertThat(this.asked).containsExactly("jti:" + jwt.getId(),
				"sid:" + jwt.getClaimAsString(WeChatClaimNames.SESSION_ID));
	}

	@Test
	void convertWhenLoggedOutThenInvalidBearerToken() {
		this.converter.setRevocationStore(readingRevocations());
		Jwt jwt = accessToken();
		this.tokens.revoke(jwt);
		StepVerifier.create(this.converter.convert(jwt))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InvalidBearerTokenException.class))
			.verify(WAIT);
	}

	@Test
	void convertWhenStoreCannotTellThenTemporarilyUnavailable() {
		this.converter.setRevocationStore((id) -> Mono.error(new WeChatTokenStoreException("Redis is unavailable")));
		StepVerifier.create(this.converter.convert(accessToken()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(OAuth2AuthenticationException.class)
				.satisfies((failure) -> assertThat(((OAuth2AuthenticationException) failure).getError().getErrorCode())
					.isEqualTo(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE)))
			.verify(WAIT);
	}

	@Test
	void convertWhenSubscribedOnNonBlockingThreadThenCompletes() {
		this.converter.setRevocationStore(readingRevocations());
		Scheduler nonBlocking = Schedulers.newParallel("non-blocking", 1);
		try {
			StepVerifier.create(this.converter.convert(accessToken()).subscribeOn(nonBlocking))
				.expectNextCount(1)
				.expectComplete()
				.verify(WAIT);
		}
		finally {
			nonBlocking.dispose();
		}
	}

	private ReactiveWeChatTokenRevocationStore readingRevocations() {
		return (id) -> Mono.fromCallable(() -> {
			this.asked.add(id);
			return this.revocations.isRevoked(id);
		});
	}

	private Jwt accessToken() {
		WeChatUser user = WeChatUser.withRegistration("default", "wx")
			.identity((identity) -> identity.openid("o-rx").userId("uid-rx"))
			.build();
		String token = this.tokens.issue(new WeChatAuthentication(user)).accessToken();
		return NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build().decode(token);
	}

}
