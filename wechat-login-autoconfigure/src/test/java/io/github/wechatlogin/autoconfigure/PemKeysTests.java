package io.github.wechatlogin.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PemKeys}.
 */
class PemKeysTests {

	@Test
	void publicKeyOfWhenEcPrivateKeyThenSameAsGenerated() throws Exception {
		for (int i = 0; i < 5; i++) {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			assertThat(PemKeys.publicKeyOf(pair.getPrivate())).isEqualTo(pair.getPublic());
		}
	}

	@Test
	void publicKeyOfWhenRsaPrivateKeyThenSameAsGenerated() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		assertThat(PemKeys.publicKeyOf(pair.getPrivate())).isEqualTo(pair.getPublic());
	}

	@Test
	void readWhenPemFilesThenKeys() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair pair = generator.generateKeyPair();
		Resource privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
		Resource publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
		assertThat(PemKeys.readPrivateKey(privatePem, "p")).isEqualTo(pair.getPrivate());
		assertThat(PemKeys.readPublicKey(publicPem, "p")).isEqualTo(pair.getPublic());
	}

	@Test
	void readWhenPkcs1OrEncryptedOrGarbageThenConfigurationErrorWithoutKeyMaterial() {
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readPrivateKey(text("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"), "prop"))
			.withMessageContaining("prop")
			.withMessageContaining("openssl pkcs8 -topk8");
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readPrivateKey(
					text("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"), "prop"))
			.withMessageContaining("encrypted");
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readPrivateKey(text("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----"), "prop"))
			.withMessageContaining("neither an RSA nor an EC private key")
			.withMessageNotContaining("c2VjcmV0");
		assertThatExceptionOfType(WeChatLoginConfigurationException.class)
			.isThrownBy(() -> PemKeys.readPublicKey(text("no pem here"), "prop"))
			.withMessageContaining("has no '-----BEGIN PUBLIC KEY-----' block");
	}

	private static Resource pem(String type, byte[] der) {
		return text("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END "
				+ type + "-----\n");
	}

	private static Resource text(String content) {
		return new ByteArrayResource(content.getBytes(StandardCharsets.US_ASCII), "test key");
	}

}
