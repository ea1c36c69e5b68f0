package dev.atelier.spark;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk as {@code flaky:///path}, where the first write of one chosen file stops halfway
 * with an error, as when an executor dies mid-write: what a task's retry must recover from, leaving
 * no partial file behind.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
    /** Failures injected so far. */
    static final AtomicInteger FAILURES = new AtomicInteger();
    /** The name whose next write (to its temporary file) fails; {@code null}: none. */
    static volatile String failNextWriteOf;

    @Override
    public URI getUri() {
        return URI.create("flaky:///");
    }

    @Override
    public String getScheme() {
        return "flaky";
    }

    @Override
    public FSDataOutputStream create(Path file, boolean overwrite, int bufferSize, short replication, long blockSize,
            Progressable progress) throws IOException {
        return flaky(file, super.create(file, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path file, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        return flaky(file, super.create(file, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    private FSDataOutputStream flaky(Path file, FSDataOutputStream stream) {
        String target = failNextWriteOf;
        if (target == null || !file.getName().startsWith("." + target + ".tmp-")) {
            return stream;
        }
        failNextWriteOf = null;
        FAILURES.incrementAndGet();
        return new FSDataOutputStream(new FilterOutputStream(stream) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length / 2);
                out.flush();
                throw new IOException("injected: the executor died halfway through " + target);
            }
        }, null);
    }
}
