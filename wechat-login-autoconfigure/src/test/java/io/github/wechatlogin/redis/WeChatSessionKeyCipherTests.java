package io.github.wechatlogin.redis;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WeChatSessionKeyCipherTests {

	private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	private final WeChatSessionKeyCipher cipher = WeChatSessionKeyCipher.fromBase64(KEY);

	@Test
	void encryptWhenSameValueTwiceThenDifferentCiphertextsThatDecrypt() {
		String first = this.cipher.encrypt("tiihtNczf5v6AKRyjwEUhQ==", "wechat-login:session-key:a");
		String second = this.cipher.encrypt("tiihtNczf5v6AKRyjwEUhQ==", "wechat-login:session-key:a");
		assertThat(first).isNotEqualTo(second).startsWith("v1.").doesNotContain("tiihtNczf5v6AKRyjwEUhQ");
		assertThat(this.cipher.decrypt(first, "wechat-login:session-key:a")).isEqualTo("tiihtNczf5v6AKRyjwEUhQ==");
		assertThat(this.cipher.decrypt(second, "wechat-login:session-key:a")).isEqualTo("tiihtNczf5v6AKRyjwEUhQ==");
	}

	@Test
	void decryptWhenMovedToAnotherKeyNameThenNothing() {
		String value = this.cipher.encrypt("session-key", "wechat-login:session-key:a");
		assertThat(this.cipher.decrypt(value, "wechat-login:session-key:b")).isNull();
	}

	@Test
	void decryptWhenTamperedOrOtherEncryptionKeyThenNothing() {
		String value = this.cipher.encrypt("session-key", "name");
		byte[] bytes = Base64.getDecoder().decode(value.substring(3));
		bytes[bytes.length - 1] ^= 1;
		assertThat(this.cipher.decrypt("v1." + Base64.getEncoder().encodeToString(bytes), "name")).isNull();
		WeChatSessionKeyCipher other = new WeChatSessionKeyCipher(new byte[32]);
		assertThat(other.decrypt(value, "name")).isNull();
		assertThat(this.cipher.decrypt("session-key", "name")).isNull();
		assertThat(this.cipher.decrypt("v1.%%%", "name")).isNull();
		assertThat(this.cipher.decrypt("v1.AAAA", "name")).isNull();
	}

	@Test
	void fromBase64WhenNot32BytesThenRefusedWithoutShowingTheKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> WeChatSessionKeyCipher.fromBase64("c2hvcnQ="))
			.withMessage("The key is 5 bytes, not 32");
		assertThatIllegalArgumentException().isThrownBy(() -> WeChatSessionKeyCipher.fromBase64("secret!"))
			.withMessage("The key is not base64");
		assertThat(this.cipher.toString()).doesNotContain(KEY);
	}

}
