package dev.atelier.studio;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a file an HTTP {@code Range} header asks for (RFC 9110, section 14), as a browser's video
 * player asks for a clip: one range of bytes, {@code bytes=0-}, {@code bytes=100-199} or the last bytes
 * {@code bytes=-500}. A header this server does not honour (another unit, several ranges, anything
 * malformed) is ignored, as the RFC allows, and the whole file is sent.
 *
 * @param start the first byte
 * @param end the last byte, inclusive
 */
record ByteRange(long start, long end) {
    /** A range that starts beyond the end of the file: answered 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    private static final Pattern ONE_RANGE = Pattern.compile("bytes=([0-9]{0,18})-([0-9]{0,18})");

    /**
     * The range {@code header} asks of a file of {@code size} bytes; {@code null} when the whole file is
     * to be sent, {@link #UNSATISFIABLE} when none of it can be.
     */
    static ByteRange of(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher matcher = ONE_RANGE.matcher(header.strip());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return null;
        }
        if (matcher.group(1).isEmpty()) {
            long suffix = Long.parseLong(matcher.group(2));
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long start = Long.parseLong(matcher.group(1));
        long end = matcher.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(matcher.group(2));
        if (end < start) {
            return null; // Syntactically invalid: the whole file.
        }
        if (start >= size) {
            return UNSATISFIABLE;
        }
        return new ByteRange(start, Math.min(end, size - 1));
    }

    long length() {
        return end - start + 1;
    }

    /** The {@code Content-Range} value for this range of a file of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /** The range's bytes of {@code file}, read as they are sent. */
    InputStream open(Path file) throws IOException {
        InputStream input = Files.newInputStream(file);
        try {
            input.skipNBytes(start);
        } catch (IOException | RuntimeException failure) {
            input.close();
            throw failure;
        }
        return new FilterInputStream(input) {
            private long left = length();

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int read = super.read();
                if (read >= 0) {
                    left--;
                }
                return read;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int read = super.read(buffer, offset, (int) Math.min(length, left));
                if (read > 0) {
                    left -= read;
                }
                return read;
            }

            @Override
            public long skip(long count) throws IOException {
                long skipped = super.skip(Math.min(count, left));
                left -= skipped;
                return skipped;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), left);
            }
        };
    }
}
