package dev.atelier.studio;

import dev.atelier.InvalidOptionException;
import dev.atelier.io.ReadOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * How the web studio runs.
 *
 * @param host address to listen on; any address other than a loopback one needs a {@code token}
 * @param port TCP port, {@code 0} for any free one
 * @param dataFolder where the job database, uploads and results live
 * @param workers jobs run at the same time (one job already uses every core)
 * @param token the secret every request must carry (bearer header or cookie), or {@code null} for
 *     none, allowed only on a loopback address
 * @param maxRequestBytes largest upload request
 * @param maxPixels largest input image, width times height, checked from the file's header
 * @param maxClipSeconds longest clip, in seconds, checked from its container before any frame is decoded
 * @param maxClipFrames most frames a clip may have, likewise
 * @param maxClipPixels largest frame of a clip, width times height, likewise
 */
public record StudioOptions(String host, int port, Path dataFolder, int workers, String token, long maxRequestBytes,
        long maxPixels, double maxClipSeconds, int maxClipFrames, long maxClipPixels) {
    /** The largest upload limit, in megabytes (1 TB): beyond it the limit in bytes would not fit a long for long. */
    public static final long MAX_UPLOAD_MEGABYTES = 1L << 20;

    /** Options from the builder's defaults, with {@code dataFolder}. */
    public static StudioOptions defaults(Path dataFolder) {
        return builder().optDataFolder(dataFolder).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new random access token: 32 bytes as 43 URL-safe Base64 characters. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The limits every clip must fit. */
    public ClipLimits clipLimits() {
        return new ClipLimits(maxClipSeconds, maxClipFrames, maxClipPixels);
    }

    /** Whether {@link #host()} is a loopback address, reachable only from this machine. */
    public boolean loopback() {
        return isLoopback(host);
    }

    /** Whether {@code host} names a loopback address ({@code 127.0.0.1}, {@code ::1}, {@code localhost}). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            return false;
        }
    }

    void validate() {
        if (host == null || host.isBlank()) {
            throw new InvalidOptionException("host", "must name an address, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidOptionException("port", "must be between 0 and 65535, got " + port);
        }
        if (dataFolder == null) {
            throw new InvalidOptionException("data", "must name a folder");
        }
        if (workers < 1 || workers > 64) {
            throw new InvalidOptionException("workers", "must be between 1 and 64, got " + workers);
        }
        if (token != null && token.length() < 8) {
            throw new InvalidOptionException("token", "must be at least 8 characters");
        }
        if (token != null && !token.matches("[A-Za-z0-9._~+/=-]+")) {
            // It travels in a header and a cookie, where spaces, quotes and semicolons break it.
            throw new InvalidOptionException("token", "may hold only letters, digits and . _ ~ + / = -");
        }
        if (token == null && !loopback()) {
            throw new InvalidOptionException("token", "is required to listen on " + host
                    + ", which is not a loopback address");
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > MAX_UPLOAD_MEGABYTES * 1024 * 1024) {
            throw new InvalidOptionException("max-upload-mb", "must allow between 1 KB and " + MAX_UPLOAD_MEGABYTES
                    + " MB, got " + maxRequestBytes + " bytes");
        }
        if (maxPixels < 1) {
            throw new InvalidOptionException("max-pixels", "must be at least 1, got " + maxPixels);
        }
        if (!(maxClipSeconds > 0) || Double.isInfinite(maxClipSeconds)) {
            throw new InvalidOptionException("max-clip-seconds", "must be more than 0, got " + maxClipSeconds);
        }
        if (maxClipFrames < 1) {
            throw new InvalidOptionException("max-clip-frames", "must be at least 1, got " + maxClipFrames);
        }
        if (maxClipPixels < 1) {
            throw new InvalidOptionException("max-clip-pixels", "must be at least 1, got " + maxClipPixels);
        }
    }

    /** Builds {@link StudioOptions}; every default is written here. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataFolder;
        private int workers = 1;
        private String token;
        private long maxRequestBytes = 50L * 1024 * 1024;
        /** Set when the limit was given in megabytes, checked before it is turned into bytes. */
        private Long maxUploadMegabytes;
        private long maxPixels = ReadOptions.defaults().maxPixels();
        /*
         * A clip's limits bound what one job costs everyone sharing the studio: a minute of video, 1,800
         * frames (a minute at 30 frames per second), frames of full HD (1920x1080). Magenta repaints
         * 640x480 frames at about 3.3 a second on two cores (BENCHMARKS.md), so the longest clip allowed
         * takes it about nine minutes at that size, and about an hour at full HD (6.75 times the pixels).
         */
        private double maxClipSeconds = 60;
        private int maxClipFrames = 1800;
        private long maxClipPixels = 1920L * 1080;

        private Builder() {}

        public Builder optHost(String value) {
            host = value;
            return this;
        }

        public Builder optPort(int value) {
            port = value;
            return this;
        }

        public Builder optDataFolder(Path value) {
            dataFolder = value;
            return this;
        }

        public Builder optWorkers(int value) {
            workers = value;
            return this;
        }

        public Builder optToken(String value) {
            token = value;
            return this;
        }

        public Builder optMaxRequestBytes(long value) {
            maxRequestBytes = value;
            maxUploadMegabytes = null;
            return this;
        }

        /** The upload limit in megabytes, as {@code --max-upload-mb} gives it: 1 to {@link #MAX_UPLOAD_MEGABYTES}. */
        public Builder optMaxUploadMegabytes(long value) {
            maxUploadMegabytes = value;
            return this;
        }

        public Builder optMaxPixels(long value) {
            maxPixels = value;
            return this;
        }

        public Builder optMaxClipSeconds(double value) {
            maxClipSeconds = value;
            return this;
        }

        public Builder optMaxClipFrames(int value) {
            maxClipFrames = value;
            return this;
        }

        public Builder optMaxClipPixels(long value) {
            maxClipPixels = value;
            return this;
        }

        public StudioOptions build() {
            if (maxUploadMegabytes != null) {
                if (maxUploadMegabytes < 1 || maxUploadMegabytes > MAX_UPLOAD_MEGABYTES) {
                    // Checked before multiplying: 99999999999999 MB in bytes would wrap around to a negative number.
                    throw new InvalidOptionException("max-upload-mb", "must be between 1 and " + MAX_UPLOAD_MEGABYTES
                            + ", got " + maxUploadMegabytes);
                }
                maxRequestBytes = maxUploadMegabytes * 1024 * 1024;
            }
            StudioOptions options = new StudioOptions(host, port,
                    dataFolder == null ? null : dataFolder.toAbsolutePath().normalize(), workers, token,
                    maxRequestBytes, maxPixels, maxClipSeconds, maxClipFrames, maxClipPixels);
            options.validate();
            return options;
        }
    }
}
