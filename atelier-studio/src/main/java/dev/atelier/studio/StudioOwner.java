package dev.atelier.studio;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The studio process that claims jobs: its host, its process id, and a random tag that tells two
 * studios apart even when a process id is reused. A job row records its owner's {@link #text()}.
 *
 * @param host this machine's name
 * @param pid the process id
 * @param tag random, new for every studio opened
 */
record StudioOwner(String host, long pid, String tag) {

    /** This process, with a new tag. */
    static StudioOwner current() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        return new StudioOwner(HostName.VALUE, ProcessHandle.current().pid(), HexFormat.of().formatHex(random));
    }

    /** As stored in a job row: {@code host pid tag}. */
    String text() {
        return host + " " + pid + " " + tag;
    }

    /**
     * Whether the owner a row names is certainly gone: a process on this machine that no longer runs.
     * An owner on another machine, or one whose process still runs, is alive as far as this can tell;
     * its lease says how long to trust it.
     */
    boolean outlived(String owner) {
        Optional<StudioOwner> parsed = parse(owner);
        if (parsed.isEmpty()) {
            return true;
        }
        StudioOwner other = parsed.get();
        if (!other.host().equals(host)) {
            return false;
        }
        if (other.pid() == pid) {
            // This very process: another tag is a studio opened here before this one, and closed, since
            // this one holds the folder's lock.
            return !other.tag().equals(tag);
        }
        return ProcessHandle.of(other.pid()).map(process -> !process.isAlive()).orElse(true);
    }

    static Optional<StudioOwner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.strip().split(" ");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StudioOwner(parts[0], Long.parseLong(parts[1]), parts[2]));
        } catch (NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    /** Looked up once: a slow name service would otherwise slow every start. */
    private static final class HostName {
        static final String VALUE = hostName();
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : name.replace(' ', '_');
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
