package io.github.wechatlogin.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Key pairs made with {@link KeyPairGenerator} and written as PEM files: PKCS#8 private keys
 * ({@code BEGIN PRIVATE KEY}), X.509 public keys ({@code BEGIN PUBLIC KEY}), or both in one file.
 */
final class TestKeys {

	private TestKeys() {
	}

	static KeyPair rsa(int bits) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static KeyPair ec(String curve) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec(curve));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write the private key as PKCS#8 PEM.
	 * @return the {@code file:} location of the file
	 */
	static String writePrivateKey(Path directory, String name, KeyPair keyPair) {
		return write(directory.resolve(name), "PRIVATE KEY", keyPair.getPrivate().getEncoded());
	}

	/**
	 * Write the private key as PKCS#8 PEM followed by its public key as X.509 PEM, in one file,
	 * as {@code openssl pkey -in key.pem -pubout >> key.pem} leaves it.
	 * @return the {@code file:} location of the file
	 */
	static String writeKeyPair(Path directory, String name, KeyPair keyPair) {
		return write(directory.resolve(name), pem("PRIVATE KEY", keyPair.getPrivate().getEncoded())
				+ pem("PUBLIC KEY", keyPair.getPublic().getEncoded()));
	}

	/**
	 * Write the private key of one pair and the public key of another in one file.
	 * @return the {@code file:} location of the file
	 */
	static String writeMismatchedKeyPair(Path directory, String name, KeyPair privateKeyOf, KeyPair publicKeyOf) {
		return write(directory.resolve(name), pem("PRIVATE KEY", privateKeyOf.getPrivate().getEncoded())
				+ pem("PUBLIC KEY", publicKeyOf.getPublic().getEncoded()));
	}

	/**
	 * Write the public key as X.509 PEM.
	 * @return the {@code file:} location of the file
	 */
	static String writePublicKey(Path directory, String name, KeyPair keyPair) {
		return write(directory.resolve(name), "PUBLIC KEY", keyPair.getPublic().getEncoded());
	}

	/**
	 * Write an RSA private key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}): the
	 * {@code RSAPrivateKey} structure that the PKCS#8 encoding wraps in an octet string.
	 * @return the {@code file:} location of the file
	 */
	static String writePkcs1PrivateKey(Path directory, String name, KeyPair rsaKeyPair) {
		byte[] pkcs8 = rsaKeyPair.getPrivate().getEncoded();
		// SEQUENCE(len2) INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING(len2) ...
		int header = 26;
		if (pkcs8[22] != 0x04 || pkcs8[26] != 0x30) {
			throw new IllegalStateException("Unexpected PKCS#8 layout");
		}
		return write(directory.resolve(name), "RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, header, pkcs8.length));
	}

	/**
	 * Return the RFC 7638 thumbprint (SHA-256, base64url) of the public key, computed with
	 * jose4j.
	 */
	static String thumbprint(KeyPair keyPair) {
		try {
			return PublicJsonWebKey.Factory.newPublicJwk(keyPair.getPublic()).calculateBase64urlEncodedThumbprint("SHA-256");
		}
		catch (JoseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String write(Path file, String type, byte[] der) {
		return write(file, pem(type, der));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static String write(Path file, String pem) {
		try {
			Files.writeString(file, pem, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file.toUri().toString();
	}

}
