package io.github.wechatlogin.core;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BoundedReads}.
 */
class BoundedReadsTests {

	@Test
	void readAtMostWhenLengthAnnouncedThenReadsTheBody() throws IOException {
		byte[] body = "{\"code\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, body.length)).isEqualTo(body);
	}

	@Test
	void readAtMostWhenEmptyThenEmpty() throws IOException {
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(new byte[0]), 1024, 0)).isEmpty();
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(new byte[0]), 1024, -1)).isEmpty();
	}

	@Test
	void readAtMostWhenBodyLongerOrShorterThanAnnouncedThenReadsWhatIsThere() throws IOException {
		byte[] body = bytes(300);
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, 10)).isEqualTo(body);
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, 900)).isEqualTo(body);
	}

	@Test
	void readAtMostWhenLengthUnknownThenGrowsToTheBody() throws IOException {
		byte[] body = bytes(5000);
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 8192, -1)).isEqualTo(body);
	}

	@Test
	void readAtMostWhenExactlyTheLimitThenReadsTheBody() throws IOException {
		byte[] body = bytes(1024);
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, -1)).isEqualTo(body);
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, 1024)).isEqualTo(body);
	}

	@Test
	void readAtMostWhenOneByteOverTheLimitThenNull() throws IOException {
		byte[] body = bytes(1025);
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, -1)).isNull();
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, 1024)).isNull();
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, 10)).isNull();
		assertThat(BoundedReads.readAtMost(new ByteArrayInputStream(body), 1024, 5000)).isNull();
	}

	@Test
	void readAtMostWhenStreamIsEndlessThenStopsAfterTheLimit() throws IOException {
		InputStream endless = new InputStream() {
			@Override
			public int read() {
				return 'x';
			}
		};
		assertThat(BoundedReads.readAtMost(endless, 4096, -1)).isNull();
	}

	@Test
	void readAtMostWhenStreamAnswersInSmallPiecesThenReadsTheWholeBody() throws IOException {
		byte[] body = bytes(3000);
		InputStream trickle = new FilterInputStream(new ByteArrayInputStream(body)) {
			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return super.read(b, off, Math.min(len, 7));
			}
		};
		assertThat(BoundedReads.readAtMost(trickle, 4096, 3000)).isEqualTo(body);
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		new Random(length).nextBytes(bytes);
		return bytes;
	}

}
