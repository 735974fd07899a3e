package io.github.wechatlogin.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.crypto.SecretKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;
import org.springframework.util.StringUtils;

/**
 * A {@link JwtEncoder} that signs with one key, for the tokens WeChat login issues: the claims
 * and the signature are Nimbus JOSE+JWT's ({@link JWTClaimsSet}, a {@link JWSSigner}), the
 * compact serialization around them is assembled here with the JDK's Base64 encoder.
 * <p>
 * That is the whole difference from {@link NimbusJwtEncoder}, which it otherwise matches (the
 * same claims and header, verified by any JWS library): Nimbus encodes Base64 in constant time,
 * a defence for secret material that the public header and claims of a token do not need and
 * which made that encoding the largest single cost of a login (see docs/architecture.md). The
 * header is encoded once per distinct header; the claims are converted as
 * {@link NimbusJwtEncoder} converts them, and a header without a key id gets the key's, as
 * there. A header with members other than {@code alg},
 * {@code typ} and {@code kid}, or of another algorithm or key id than this encoder's key, is
 * handed to a {@link NimbusJwtEncoder} over the same key, which treats it as it always did.
 * Unlike {@link NimbusJwtEncoder#withSecretKey}, an HS256 token gets no {@code kid} (Nimbus
 * derives one from the secret): there is one secret at a time, and nothing to select.
 *
 * @author wechat-login developers
 */
public final class SigningKeyJwtEncoder implements JwtEncoder {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final Set<String> SUPPORTED_HEADERS = Set.of(JoseHeaderNames.ALG, JoseHeaderNames.TYP,
			JoseHeaderNames.KID);

	private final JWSSigner signer;

	private final JWSAlgorithm algorithm;

	private final @Nullable String keyId;

	private final NimbusJwtEncoder fallback;

	private volatile @Nullable EncodedHeader lastHeader;

	private SigningKeyJwtEncoder(JWSSigner signer, JWSAlgorithm algorithm, @Nullable String keyId,
			NimbusJwtEncoder fallback) {
		this.signer = signer;
		this.algorithm = algorithm;
		this.keyId = keyId;
		this.fallback = fallback;
	}

	/**
	 * Create an encoder that signs with a secret key, HS256.
	 * @param secretKey the key, at least 256 bits
	 * @return the encoder
	 */
	public static SigningKeyJwtEncoder withSecretKey(SecretKey secretKey) {
		Assert.notNull(secretKey, "secretKey cannot be null");
		try {
			return new SigningKeyJwtEncoder(new MACSigner(secretKey), JWSAlgorithm.HS256, null,
					NimbusJwtEncoder.withSecretKey(secretKey).build());
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("The secret key cannot sign HS256 tokens: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Create an encoder that signs with a private JWK (RSA or EC), with the algorithm the JWK
	 * names.
	 * @param jwk the key, with its private part and algorithm
	 * @return the encoder
	 */
	public static SigningKeyJwtEncoder withJwk(JWK jwk) {
		Assert.notNull(jwk, "jwk cannot be null");
		Assert.isTrue(jwk.isPrivate(), "jwk must hold a private key");
		Assert.isInstanceOf(JWSAlgorithm.class, jwk.getAlgorithm(), "jwk must name its JWS algorithm");
		JWSAlgorithm algorithm = (JWSAlgorithm) jwk.getAlgorithm();
		try {
			return new SigningKeyJwtEncoder(new DefaultJWSSignerFactory().createJWSSigner(jwk, algorithm), algorithm,
					jwk.getKeyID(), new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk))));
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("The key cannot sign " + algorithm + " tokens: " + ex.getMessage(), ex);
		}
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
		Assert.notNull(parameters, "parameters cannot be null");
		JwsHeader jwsHeader = parameters.getJwsHeader();
		EncodedHeader header = (jwsHeader != null) ? header(jwsHeader.getHeaders()) : null;
		if (header == null) {
			return this.fallback.encode(parameters);
		}
		JwtClaimsSet claims = parameters.getClaims();
		String signingInput = header.encoded() + '.'
				+ BASE64URL.encodeToString(toNimbus(claims).toString().getBytes(StandardCharsets.UTF_8));
		String signature;
		try {
			signature = this.signer.sign(header.nimbus(), signingInput.getBytes(StandardCharsets.US_ASCII)).toString();
		}
		catch (JOSEException ex) {
			throw new JwtEncodingException("An error occurred while signing the JWT: " + ex.getMessage(), ex);
		}
		return new Jwt(signingInput + '.' + signature, claims.getIssuedAt(), claims.getExpiresAt(), header.members(),
				claims.getClaims());
	}

	/**
	 * The encoded header for these members, or {@code null} when the fallback must encode it.
	 */
	private @Nullable EncodedHeader header(Map<String, Object> members) {
		EncodedHeader last = this.lastHeader;
		if (last != null && last.requested().equals(members)) {
			return last;
		}
		if (!SUPPORTED_HEADERS.containsAll(members.keySet())) {
			return null;
		}
		Object alg = members.get(JoseHeaderNames.ALG);
		Object kid = members.get(JoseHeaderNames.KID);
		String algName = (alg instanceof JwsAlgorithm jws) ? jws.getName() : String.valueOf(alg);
		if (!this.algorithm.getName().equals(algName)
				|| (kid != null && !Objects.equals(kid, this.keyId))) {
			return null;
		}
		JWSHeader.Builder builder = new JWSHeader.Builder(this.algorithm);
		Object typ = members.get(JoseHeaderNames.TYP);
		if (typ != null) {
			builder.type(new JOSEObjectType(typ.toString()));
		}
		Map<String, Object> written = new LinkedHashMap<>(members);
		if (kid != null) {
			builder.keyID(kid.toString());
		}
		else if (this.keyId != null) {
			// as NimbusJwtEncoder does: the key's id, so that verifiers can select the key
			builder.keyID(this.keyId);
			written.put(JoseHeaderNames.KID, this.keyId);
		}
		JWSHeader nimbus = builder.build();
		EncodedHeader header = new EncodedHeader(Map.copyOf(members), Collections.unmodifiableMap(written), nimbus,
				BASE64URL.encodeToString(nimbus.toString().getBytes(StandardCharsets.UTF_8)));
		this.lastHeader = header;
		return header;
	}

	/**
	 * The claims as Nimbus's: the registered ones through Spring's accessors, which convert
	 * their values (an audience set to a list, epoch seconds to instants), and left out when
	 * empty, as {@link NimbusJwtEncoder} does; the others as they are.
	 */
	private static JWTClaimsSet toNimbus(JwtClaimsSet claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		Object issuer = claims.getClaim(JwtClaimNames.ISS);
		if (issuer != null) {
			builder.issuer(issuer.toString());
		}
		String subject = claims.getSubject();
		if (StringUtils.hasText(subject)) {
			builder.subject(subject);
		}
		List<String> audience = claims.getAudience();
		if (!CollectionUtils.isEmpty(audience)) {
			builder.audience(audience);
		}
		Instant expiresAt = claims.getExpiresAt();
		if (expiresAt != null) {
			builder.expirationTime(Date.from(expiresAt));
		}
		Instant notBefore = claims.getNotBefore();
		if (notBefore != null) {
			builder.notBeforeTime(Date.from(notBefore));
		}
		Instant issuedAt = claims.getIssuedAt();
		if (issuedAt != null) {
			builder.issueTime(Date.from(issuedAt));
		}
		String id = claims.getId();
		if (StringUtils.hasText(id)) {
			builder.jwtID(id);
		}
		claims.getClaims().forEach((name, value) -> {
			if (!JWTClaimsSet.getRegisteredNames().contains(name)) {
				builder.claim(name, value);
			}
		});
		return builder.build();
	}

	/**
	 * A header: the members asked for (the cache key), those written, Nimbus's and encoded.
	 */
	private record EncodedHeader(Map<String, Object> requested, Map<String, Object> members, JWSHeader nimbus,
			String encoded) {
	}

}
