package io.github.wechatlogin.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reads a whole body up to a size limit into a buffer sized by what the sender announced, instead
 * of {@link InputStream#readNBytes(int)}, which for any limit above 8 KiB reads into 8 KiB chunks
 * and copies them into the result: about 25 KiB of garbage for a 60-byte login body at the
 * default limit (measured in docs/benchmarks.md).
 *
 * @author wechat-login developers
 */
public final class BoundedReads {

	private static final int UNKNOWN_LENGTH_CAPACITY = 512;

	private BoundedReads() {
	}

	/**
	 * Read a stream to its end, or until it proved longer than {@code maxSize} bytes.
	 * @param in the stream
	 * @param maxSize the largest body accepted, in bytes
	 * @param announcedSize the size the sender announced ({@code Content-Length}), or a negative
	 * value when it is unknown; only a hint, a body of another length is read correctly
	 * @return the bytes, or {@code null} when the stream holds more than {@code maxSize}
	 * @throws IOException if the stream cannot be read
	 */
	public static byte @Nullable [] readAtMost(InputStream in, int maxSize, long announcedSize) throws IOException {
		int capacity = (announcedSize >= 0 && announcedSize <= maxSize) ? (int) announcedSize
				: Math.min(maxSize, UNKNOWN_LENGTH_CAPACITY);
		byte[] buffer = new byte[capacity];
		int count = 0;
		while (true) {
			if (count == buffer.length) {
				int next = in.read();
				if (next < 0) {
					return buffer;
				}
				if (count == maxSize) {
					return null;
				}
				buffer = Arrays.copyOf(buffer, (int) Math.min(maxSize, Math.max(16, buffer.length * 2L)));
				buffer[count++] = (byte) next;
				continue;
			}
			int read = in.read(buffer, count, buffer.length - count);
			if (read < 0) {
				return (count == buffer.length) ? buffer : Arrays.copyOf(buffer, count);
			}
			count += read;
		}
	}

}
