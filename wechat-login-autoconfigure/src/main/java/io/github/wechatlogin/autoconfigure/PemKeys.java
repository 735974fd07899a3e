package io.github.wechatlogin.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.springframework.core.io.Resource;

/**
 * Reads PEM key files: PKCS#8 private keys ({@code BEGIN PRIVATE KEY}) and X.509 public keys
 * ({@code BEGIN PUBLIC KEY}), RSA or EC, and derives the public key of a private one.
 * Failures are {@link WeChatLoginConfigurationException}s that name the property and never
 * contain key material.
 *
 * @author wechat-login developers
 */
final class PemKeys {

	private PemKeys() {
	}

	static PrivateKey readPrivateKey(Resource resource, String property) {
		String pem = read(resource, property);
		if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
			throw new WeChatLoginConfigurationException(
					property + " (" + resource.getDescription() + ") is a PKCS#1 or SEC1 key, not PKCS#8.",
					"Convert it with 'openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem'.");
		}
		if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
			throw new WeChatLoginConfigurationException(
					property + " (" + resource.getDescription() + ") is encrypted.",
					"Store it unencrypted with restricted file permissions, or provide your own JwtEncoder bean.");
		}
		byte[] der = decode(pem, "PRIVATE KEY", resource, property);
		for (String algorithm : new String[] { "RSA", "EC" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
			}
			catch (GeneralSecurityException ex) {
				// try the next algorithm
			}
		}
		throw new WeChatLoginConfigurationException(
				property + " (" + resource.getDescription() + ") is neither an RSA nor an EC private key.",
				"Set it to a PKCS#8 PEM file with an RSA (2048 bits or more) or EC P-256 private key.");
	}

	static PublicKey readPublicKey(Resource resource, String property) {
		byte[] der = decode(read(resource, property), "PUBLIC KEY", resource, property);
		for (String algorithm : new String[] { "RSA", "EC" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
			}
			catch (GeneralSecurityException ex) {
				// try the next algorithm
			}
		}
		throw new WeChatLoginConfigurationException(
				property + " (" + resource.getDescription() + ") is neither an RSA nor an EC public key.",
				"Set it to X.509 PEM files ('BEGIN PUBLIC KEY'), for example from 'openssl pkey -pubout'.");
	}

	static PublicKey publicKeyOf(PrivateKey privateKey) {
		try {
			if (privateKey instanceof RSAPrivateCrtKey rsa) {
				return KeyFactory.getInstance("RSA")
					.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
			}
			if (privateKey instanceof ECPrivateKey ec) {
				ECParameterSpec params = ec.getParams();
				ECPoint point = multiply(params.getGenerator(), ec.getS(), params.getCurve());
				return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not derive the public key", ex);
		}
		throw new IllegalArgumentException("Unsupported private key " + privateKey.getAlgorithm());
	}

	private static String read(Resource resource, String property) {
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new WeChatLoginConfigurationException(
					property + " (" + resource.getDescription() + ") cannot be read.",
					"Set it to a readable file, for example file:/etc/wechat-login/key.pem.");
		}
	}

	private static byte[] decode(String pem, String type, Resource resource, String property) {
		String begin = "-----BEGIN " + type + "-----";
		String end = "-----END " + type + "-----";
		int start = pem.indexOf(begin);
		int stop = pem.indexOf(end);
		if (start == -1 || stop < start) {
			throw new WeChatLoginConfigurationException(
					property + " (" + resource.getDescription() + ") has no '" + begin + "' block.",
					"Set it to a PEM file with a '" + begin + "' block.");
		}
		String base64 = pem.substring(start + begin.length(), stop).replaceAll("\\s", "");
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new WeChatLoginConfigurationException(
					property + " (" + resource.getDescription() + ") is not valid Base64 PEM.",
					"Set it to a PEM file as written by openssl.");
		}
	}

	/**
	 * Multiply a point of a prime-field curve by a scalar (double-and-add, affine coordinates).
	 * Used once at startup to derive an EC public key from its private key.
	 */
	static ECPoint multiply(ECPoint point, BigInteger scalar, EllipticCurve curve) {
		BigInteger p = ((ECFieldFp) curve.getField()).getP();
		ECPoint result = ECPoint.POINT_INFINITY;
		ECPoint addend = point;
		for (int i = 0; i < scalar.bitLength(); i++) {
			if (scalar.testBit(i)) {
				result = add(result, addend, curve.getA(), p);
			}
			addend = add(addend, addend, curve.getA(), p);
		}
		return result;
	}

	private static ECPoint add(ECPoint first, ECPoint second, BigInteger a, BigInteger p) {
		if (first.equals(ECPoint.POINT_INFINITY)) {
			return second;
		}
		if (second.equals(ECPoint.POINT_INFINITY)) {
			return first;
		}
		BigInteger x1 = first.getAffineX();
		BigInteger y1 = first.getAffineY();
		BigInteger x2 = second.getAffineX();
		BigInteger y2 = second.getAffineY();
		BigInteger lambda;
		if (x1.equals(x2)) {
			if (!y1.equals(y2) || y1.signum() == 0) {
				return ECPoint.POINT_INFINITY;
			}
			lambda = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
		}
		else {
			lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
		}
		BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(p);
		BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
		return new ECPoint(x3, y3);
	}

}
