package io.github.wechatlogin.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;

/**
 * Reads PEM key files: PKCS#8 private keys ({@code BEGIN PRIVATE KEY}) and X.509 public keys
 * ({@code BEGIN PUBLIC KEY}), RSA or EC. All cryptography is the JCA's: an RSA public key is
 * taken from the private key's CRT parameters, an EC public key must be in the file, next to
 * the private key, and a public key found there is checked to belong to the private key with a
 * signature round trip. Failures are {@link WeChatLoginConfigurationException}s that name the
 * property and never contain key material.
 *
 * @author wechat-login developers
 */
final class PemKeys {

	static final String APPEND_PUBLIC_KEY = "openssl pkey -in key.pem -pubout >> key.pem";

	private static final String PRIVATE_KEY = "PRIVATE KEY";

	private static final String PUBLIC_KEY = "PUBLIC KEY";

	private static final String[] ALGORITHMS = { "RSA", "EC" };

	private PemKeys() {
	}

	/**
	 * Read the private key of a PEM file and its public key: from the file's
	 * {@code BEGIN PUBLIC KEY} block when there is one (required for EC keys), else, for an RSA
	 * key, from its CRT parameters.
	 * @param resource the PEM file
	 * @param property the property that names it, for the messages
	 * @return the key pair, checked to belong together
	 */
	static KeyPair readKeyPair(Resource resource, String property) {
		String pem = read(resource, property);
		PrivateKey privateKey = privateKey(pem, resource, property);
		byte[] publicDer = decode(pem, PUBLIC_KEY, resource, property, false);
		if (publicDer == null) {
			return new KeyPair(derivedPublicKey(privateKey, resource, property), privateKey);
		}
		PublicKey publicKey = publicKey(publicDer, resource, property);
		if (!belongTogether(publicKey, privateKey)) {
			throw new WeChatLoginConfigurationException(
					property + " (" + resource.getDescription()
							+ ") holds a public key that does not belong to its private key.",
					"Replace the '-----BEGIN PUBLIC KEY-----' block with the private key's own: delete it and run '"
							+ APPEND_PUBLIC_KEY + "' (key.pem being that file).");
		}
		return new KeyPair(publicKey, privateKey);
	}

	static PublicKey readPublicKey(Resource resource, String property) {
		return publicKey(decode(read(resource, property), PUBLIC_KEY, resource, property, true), resource, property);
	}

	private static PrivateKey privateKey(String pem, Resource resource, String property) {
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
		byte[] der = decode(pem, PRIVATE_KEY, resource, property, true);
		for (String algorithm : ALGORITHMS) {
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

	private static PublicKey publicKey(byte[] der, Resource resource, String property) {
		for (String algorithm : ALGORITHMS) {
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

	/**
	 * The public key of an RSA private key with its CRT parameters (modulus and public
	 * exponent, as openssl writes them), through the JCA's {@link RSAPublicKeySpec}. An EC
	 * private key does not give its public key through the JCA, so it must be in the file.
	 */
	private static PublicKey derivedPublicKey(PrivateKey privateKey, Resource resource, String property) {
		if (privateKey instanceof RSAPrivateCrtKey rsa) {
			try {
				return KeyFactory.getInstance("RSA")
					.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Could not read the RSA public key", ex);
			}
		}
		String kind = (privateKey instanceof ECPrivateKey) ? "an EC private key"
				: "an RSA private key without its CRT parameters";
		throw new WeChatLoginConfigurationException(
				property + " (" + resource.getDescription() + ") holds " + kind
						+ " but no '-----BEGIN PUBLIC KEY-----' block.",
				"Append its public key to the same file: '" + APPEND_PUBLIC_KEY + "' (key.pem being that file).");
	}

	/**
	 * Whether a signature made with the private key over a random message verifies with the
	 * public key (false also when the two are of different algorithms).
	 */
	private static boolean belongTogether(PublicKey publicKey, PrivateKey privateKey) {
		String algorithm = (privateKey instanceof ECPrivateKey) ? "SHA256withECDSA" : "SHA256withRSA";
		byte[] message = new byte[32];
		SecureRandom random = new SecureRandom();
		random.nextBytes(message);
		try {
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(privateKey, random);
			signer.update(message);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			// a public key of another algorithm or curve, or a signature it cannot read
			return false;
		}
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

	/**
	 * Decode the one block of the type, if any.
	 * @return its DER bytes, or {@code null} when there is none and it is not required
	 */
	private static byte @Nullable [] decode(String pem, String type, Resource resource, String property,
			boolean required) {
		String begin = "-----BEGIN " + type + "-----";
		String end = "-----END " + type + "-----";
		int start = pem.indexOf(begin);
		if (start == -1 && !required) {
			return null;
		}
		int stop = (start != -1) ? pem.indexOf(end, start) : -1;
		if (start == -1 || stop == -1) {
			throw new WeChatLoginConfigurationException(
					property + " (" + resource.getDescription() + ") has no '" + begin + "' block.",
					"Set it to a PEM file with a '" + begin + "' block.");
		}
		if (pem.indexOf(begin, stop) != -1) {
			throw new WeChatLoginConfigurationException(
					property + " (" + resource.getDescription() + ") has more than one '" + begin + "' block.",
					"Keep one '" + begin + "' block in each file.");
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

}
