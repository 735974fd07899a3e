package io.github.wechatlogin.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PemKeys}.
 */
class PemKeysTests {

	@Test
	void readKeyPairWhenEcPrivateAndPublicKeyThenBoth() throws Exception {
		KeyPair pair = ec();
		String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
		String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
		for (String file : new String[] { privatePem + publicPem, publicPem + privatePem }) {
			KeyPair read = PemKeys.readKeyPair(text(file), "p");
			assertThat(read.getPrivate()).isEqualTo(pair.getPrivate());
			assertThat(read.getPublic()).isEqualTo(pair.getPublic());
		}
	}

	@Test
	void readKeyPairWhenWrittenByTheDocumentedOpensslCommandsThenPairThatSigns() throws Exception {
		// openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem
		// openssl pkey -in key.pem -pubout >> key.pem
		KeyPair pair = PemKeys.readKeyPair(new ClassPathResource("openssl-ec-p256.pem", getClass()), "p");
		assertThat(((ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(pair.getPrivate());
		signer.update(new byte[] { 1, 2, 3 });
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(pair.getPublic());
		verifier.update(new byte[] { 1, 2, 3 });
		assertThat(verifier.verify(signature)).isTrue();
	}

	@Test
	void readKeyPairWhenEcPrivateKeyAloneThenConfigurationErrorWithOpensslCommand() throws Exception {
		KeyPair pair = ec();
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readKeyPair(text(pem("PRIVATE KEY", pair.getPrivate().getEncoded())), "prop"))
			.withMessageContaining("prop")
			.withMessageContaining("EC private key but no '-----BEGIN PUBLIC KEY-----' block")
			.satisfies((ex) -> assertThat(ex.getAction())
				.contains("'openssl pkey -in key.pem -pubout >> key.pem'"));
	}

	@Test
	void readKeyPairWhenRsaPrivateKeyAloneThenPublicKeyFromItsCrtParameters() throws Exception {
		KeyPair pair = rsa();
		KeyPair read = PemKeys.readKeyPair(text(pem("PRIVATE KEY", pair.getPrivate().getEncoded())), "p");
		assertThat(read.getPrivate()).isEqualTo(pair.getPrivate());
		assertThat(read.getPublic()).isEqualTo(pair.getPublic());
	}

	@Test
	void readKeyPairWhenRsaPrivateAndPublicKeyThenBoth() throws Exception {
		KeyPair pair = rsa();
		KeyPair read = PemKeys.readKeyPair(text(pem("PRIVATE KEY", pair.getPrivate().getEncoded())
				+ pem("PUBLIC KEY", pair.getPublic().getEncoded())), "p");
		assertThat(read.getPublic()).isEqualTo(pair.getPublic());
	}

	@Test
	void readKeyPairWhenPublicKeyOfAnotherKeyThenConfigurationError() throws Exception {
		KeyPair ec = ec();
		KeyPair rsa = rsa();
		byte[][][] mismatches = { { ec.getPrivate().getEncoded(), ec().getPublic().getEncoded() },
				{ rsa.getPrivate().getEncoded(), rsa().getPublic().getEncoded() },
				{ rsa.getPrivate().getEncoded(), ec.getPublic().getEncoded() },
				{ ec.getPrivate().getEncoded(), rsa.getPublic().getEncoded() } };
		for (byte[][] mismatch : mismatches) {
			assertThatExceptionOfType(WeChatLoginConfigurationException.class)
				.isThrownBy(() -> PemKeys.readKeyPair(
						text(pem("PRIVATE KEY", mismatch[0]) + pem("PUBLIC KEY", mismatch[1])), "prop"))
				.withMessageContaining("prop")
				.withMessageContaining("holds a public key that does not belong to its private key");
		}
	}

	@Test
	void readKeyPairWhenTwoBlocksOfOneKindThenConfigurationError() throws Exception {
		KeyPair pair = ec();
		String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readKeyPair(
					text(pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + publicPem + publicPem), "prop"))
			.withMessageContaining("more than one '-----BEGIN PUBLIC KEY-----' block");
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readPublicKey(text(publicPem + publicPem), "prop"))
			.withMessageContaining("more than one '-----BEGIN PUBLIC KEY-----' block");
	}

	@Test
	void readPublicKeyWhenPemFileThenKey() throws Exception {
		KeyPair pair = ec();
		assertThat(PemKeys.readPublicKey(text(pem("PUBLIC KEY", pair.getPublic().getEncoded())), "p"))
			.isEqualTo(pair.getPublic());
	}

	@Test
	void readWhenPkcs1OrEncryptedOrGarbageThenConfigurationErrorWithoutKeyMaterial() {
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readKeyPair(text("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"), "prop"))
			.withMessageContaining("prop")
			.withMessageContaining("openssl pkcs8 -topk8");
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readKeyPair(
					text("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"), "prop"))
			.withMessageContaining("encrypted");
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readKeyPair(text("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----"), "prop"))
			.withMessageContaining("neither an RSA nor an EC private key")
			.withMessageNotContaining("c2VjcmV0");
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readPublicKey(text("no pem here"), "prop"))
			.withMessageContaining("has no '-----BEGIN PUBLIC KEY-----' block");
	}

	private static KeyPair ec() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static KeyPair rsa() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
				+ "-----\n";
	}

	private static Resource text(String content) {
		return new ByteArrayResource(content.getBytes(StandardCharsets.US_ASCII), "test key");
	}

}
