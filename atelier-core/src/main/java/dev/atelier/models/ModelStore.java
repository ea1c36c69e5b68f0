package dev.atelier.models;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import dev.atelier.UnavailableException;
import dev.atelier.io.AtomicFiles;
import dev.atelier.io.RegularFiles;
import dev.atelier.weights.download.DownloadFailedException;
import dev.atelier.progress.RunListener;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.Downloader;
import dev.atelier.weights.download.ExpectedSha256;
import dev.atelier.weights.download.KnownWeights;
import dev.atelier.weights.download.Source;
import dev.atelier.weights.download.WeightsCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Turns model references into verified local files. A reference is a {@linkplain ModelCatalog known
 * name} (fetched into the cache on first use: from the mirror first when {@code ATELIER_MIRROR} is
 * set, then from the public homes, each file checked against its SHA-256) or the path of the user's
 * own file. Safe to share between threads: downloads are serialised per model by the cache's locks.
 */
public final class ModelStore {
    /** Environment variable naming a mirror: every known file is tried first at {@code <mirror>/<file name>}. */
    public static final String MIRROR_VARIABLE = "ATELIER_MIRROR";
    /** How many times its archive's size a member may inflate to (weights compress to about 90 %). */
    static final long MEMBER_INFLATION = 4;

    private final WeightsCache cache;
    private final Downloader downloader;
    private final URI mirror;
    private final boolean publicHomes;

    /**
     * @param mirror a base URL serving known files by their cache names, or {@code null} for none
     * @param publicHomes whether to try the files' public homes after the mirror (false keeps a
     *     firewalled machine, or a test, from reaching out at all)
     */
    public ModelStore(WeightsCache cache, DownloadSettings settings, URI mirror, boolean publicHomes) {
        this.cache = cache;
        this.downloader = new Downloader(cache, settings);
        this.mirror = mirror;
        this.publicHomes = publicHomes;
    }

    /** The cache of {@code ATELIER_HOME} and the mirror of {@code ATELIER_MIRROR}, if set. */
    public static ModelStore fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static ModelStore fromEnvironment(Map<String, String> environment, Path userHome) {
        return new ModelStore(WeightsCache.fromEnvironment(environment, userHome), DownloadSettings.defaults(),
                mirror(environment.get(MIRROR_VARIABLE)), true);
    }

    /** The mirror URL in {@code text}, or {@code null} when unset. */
    static URI mirror(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException malformed) {
            // Reported below in the same words as a wrong scheme.
        }
        throw new InvalidOptionException(null, MIRROR_VARIABLE + " must be an http or https URL, got '" + text + "'");
    }

    public WeightsCache cache() {
        return cache;
    }

    /**
     * Whether an option's value names a file the run reads: not blank, not a known model's name, and
     * not a generated network ({@code random-vgg19}, seeded, for trials offline). The one test every
     * front end uses to tell files from names.
     */
    public static boolean namesAFile(String reference) {
        return reference != null && !reference.isBlank() && !isKnown(reference)
                && !reference.strip().toLowerCase(Locale.ROOT).startsWith("random-");
    }

    /**
     * Whether {@code reference} names a known model rather than a file: one to download, or the
     * network that comes with Atelier ({@link ModelCatalog#EMBEDDED}, which the methods taking it
     * load themselves).
     */
    public static boolean isKnown(String reference) {
        return ModelCatalog.find(reference).isPresent()
                || reference.trim().toLowerCase(Locale.ROOT).equals(ModelCatalog.EMBEDDED);
    }

    /**
     * The local file a reference stands for: a known model's verified copy (downloaded if needed), or
     * the user's file or folder, which must exist.
     *
     * @param role what the model is for, in messages (e.g. {@code decoder})
     * @throws BadInputException when a path does not exist
     * @throws DownloadFailedException when a known model cannot be had from any source
     */
    public Path resolve(String reference, String role, RunListener listener) {
        return resolveAll(List.of(new ModelReference(reference, role)), listener).get(0);
    }

    /**
     * The local files several references stand for, in order. Known models are fetched one after
     * the other; once one cannot be downloaded, the rest are not tried (they would most likely fail
     * the same way, and slowly) and one failure names every known model that is still missing, each
     * with the option that takes a local copy instead, so that the user learns everything a run
     * needs at once.
     *
     * @throws BadInputException when a path does not exist
     * @throws DownloadFailedException when some known model cannot be had from any source
     */
    public List<Path> resolveAll(List<ModelReference> references, RunListener listener) {
        List<Path> files = new ArrayList<>();
        DownloadFailedException failure = null;
        List<MissingModels.Need> missing = new ArrayList<>();
        for (ModelReference reference : references) {
            Optional<KnownModel> known = ModelCatalog.find(reference.reference());
            if (known.isEmpty()) {
                files.add(localFile(reference.reference(), reference.option()));
                continue;
            }
            if (failure == null) {
                try {
                    files.add(download(known.get(), listener));
                    continue;
                } catch (DownloadFailedException first) {
                    failure = first;
                }
            } else {
                Optional<Path> cached = cachedQuietly(known.get());
                if (cached.isPresent()) {
                    files.add(cached.get());
                    continue;
                }
            }
            missing.add(new MissingModels.Need(known.get(), reference.option()));
        }
        if (failure != null) {
            throw MissingModels.failure(failure, missing, cache.directory(), mirror != null);
        }
        return files;
    }

    /**
     * The user's file for {@code reference}, which is not a known name: it must exist, and be a regular
     * file or a folder (a device or a named pipe is refused before anything opens it).
     */
    public static Path localFile(String reference, String role) {
        Path file;
        try {
            file = Path.of(reference);
        } catch (InvalidPathException e) {
            throw new InvalidOptionException(role, "'" + reference + "' is neither a known model nor a path");
        }
        if (!Files.exists(file)) {
            throw new BadInputException(file, "no such " + role + " file, and not a known model name (see "
                    + "the list of models)");
        }
        return RegularFiles.requireFileOrFolder(file, role + " file");
    }

    /** The cached, verified file of a known model, downloading it first if needed. */
    public Path fetch(KnownModel model, RunListener listener) {
        return fetch(model, null, listener);
    }

    /**
     * The cached, verified file of a known model, downloading it first if needed.
     *
     * @param option the option that takes a local copy instead, named when the download fails; {@code
     *     null} when there is none
     * @throws DownloadFailedException naming the sources tried and every way to supply the file
     */
    public Path fetch(KnownModel model, String option, RunListener listener) {
        try {
            return download(model, listener);
        } catch (DownloadFailedException failure) {
            throw MissingModels.failure(failure, List.of(new MissingModels.Need(model, option)), cache.directory(),
                    mirror != null);
        }
    }

    private Path download(KnownModel model, RunListener listener) {
        if (model.archive() != null) {
            return fetchMember(model, listener);
        }
        return downloader.fetch(withMirror(model.weights()), listener);
    }

    /** The cached, verified file of a known model, if it is cached (never downloads). */
    public Optional<Path> cached(KnownModel model) {
        if (model.archive() != null) {
            return cache.find(memberWeights(model));
        }
        return cache.find(model.weights());
    }

    /** A model published inside an archive: its own mirror copy, else extracted from the archive. */
    private Path fetchMember(KnownModel model, RunListener listener) {
        KnownWeights member = memberWeights(model);
        Optional<Path> cached = cache.find(member);
        if (cached.isPresent()) {
            return cached.get();
        }
        DownloadFailedException mirrorFailure = null;
        if (mirror != null) {
            try {
                return downloader.fetch(mirrorOnly(member.mirroredAt(mirror)), listener);
            } catch (DownloadFailedException notMirrored) {
                // The mirror may hold only the archive: try that, and say both if it fails too.
                mirrorFailure = notMirrored;
            }
        }
        Path archive;
        try {
            archive = download(model.archive().model(), listener);
        } catch (DownloadFailedException archiveFailure) {
            if (mirrorFailure == null) {
                throw archiveFailure;
            }
            List<dev.atelier.weights.download.SourceFailure> failures = new ArrayList<>(mirrorFailure.failures());
            failures.addAll(archiveFailure.failures());
            throw new DownloadFailedException(mirrorFailure.getMessage() + "; and from its archive: "
                    + archiveFailure.getMessage(), failures);
        }
        return extract(model, archive, member.sources().get(0));
    }

    /** The extracted member as a cache entry; its digest is recorded when first extracted. */
    private static KnownWeights memberWeights(KnownModel model) {
        Source inArchive = new Source(model.archive().model().files().get(0).urls().get(0),
                model.archive().fileName(), ExpectedSha256.unpublished());
        return new KnownWeights(model.name(), List.of(inArchive), 0);
    }

    private Path extract(KnownModel model, Path archive, Source member) {
        Path target = cache.fileFor(member);
        String wanted = model.archive().entry();
        try (InputStream file = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                String last = name.substring(name.lastIndexOf('/') + 1);
                if (!entry.isDirectory() && last.equals(wanted)) {
                    long limit = MEMBER_INFLATION * Files.size(archive);
                    AtomicFiles.write(target, output -> copyAtMost(zip, output, limit, archive, wanted));
                    Optional<Path> verified = cache.find(memberWeights(model));
                    if (verified.isEmpty()) {
                        Files.deleteIfExists(target);
                        throw new UnavailableException(archive + ": its " + wanted + " differs from the copy first "
                                + "recorded in " + cache.directory() + "; delete " + member.fileName()
                                + ".first-sha256 there to trust this one");
                    }
                    return verified.get();
                }
            }
        } catch (IOException failure) {
            throw new UnavailableException(archive + ": cannot read the archive (" + failure.getMessage() + ")",
                    failure);
        }
        throw new UnavailableException(archive + ": the archive holds no " + wanted);
    }

    /**
     * Copies a member out of an archive, refusing one that inflates past {@code limit} bytes: weights
     * hardly compress, so only a crafted archive (a zip bomb) grows beyond a few times its own size.
     */
    private static void copyAtMost(InputStream member, java.io.OutputStream output, long limit, Path archive,
            String name) throws IOException {
        byte[] chunk = new byte[1 << 16];
        long copied = 0;
        for (int read = member.read(chunk); read >= 0; read = member.read(chunk)) {
            copied += read;
            if (copied > limit) {
                throw new UnavailableException(archive + ": its " + name + " inflates past " + limit + " bytes, "
                        + MEMBER_INFLATION + " times the archive's size; weights barely compress, so the archive is "
                        + "not the published one");
            }
            Cancellation.current().throwIfRequested("extracting " + name + " from " + archive);
            output.write(chunk, 0, read);
        }
    }

    /** The sources to try: the mirror's copies first, then (unless turned off) the public homes. */
    private KnownWeights withMirror(KnownWeights weights) {
        KnownWeights mirrored = mirror == null ? weights : weights.mirroredAt(mirror);
        if (publicHomes) {
            return mirrored;
        }
        if (mirror == null) {
            throw new DownloadFailedException("cannot download " + weights.id() + ": no mirror is set and public "
                    + "sources are turned off; place the file in " + cache.directory(), List.of());
        }
        return mirrorOnly(mirrored);
    }

    /** Only the sources at the mirror (the first ones of {@link KnownWeights#mirroredAt}). */
    private KnownWeights mirrorOnly(KnownWeights mirrored) {
        String base = mirror.toString();
        return new KnownWeights(mirrored.id(), mirrored.sources().stream()
                .filter(source -> source.url().toString().startsWith(base)).toList(), mirrored.approximateBytes());
    }

    /** Every known model with its cached file, if any, for listings. */
    public List<ModelStatus> status() {
        List<ModelStatus> status = new ArrayList<>();
        for (KnownModel model : ModelCatalog.all()) {
            status.add(new ModelStatus(model, cachedQuietly(model), recorded(model)));
        }
        return status;
    }

    private Optional<Path> cachedQuietly(KnownModel model) {
        try {
            return cached(model);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private Optional<String> recorded(KnownModel model) {
        KnownWeights weights = model.archive() != null ? memberWeights(model) : model.weights();
        for (Source source : weights.sources()) {
            Optional<String> digest = cache.recordedSha256(source);
            if (digest.isPresent()) {
                return digest;
            }
        }
        return Optional.empty();
    }
}
