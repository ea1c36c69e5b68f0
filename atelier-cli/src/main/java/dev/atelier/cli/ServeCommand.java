package dev.atelier.cli;

import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import dev.atelier.studio.JobExecutor;
import dev.atelier.studio.JobExecutors;
import dev.atelier.studio.StudioOptions;
import dev.atelier.studio.StudioServer;
import dev.atelier.weights.download.WeightsCache;
import io.javalin.util.JavalinBindException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier serve}: the web studio, a page and a JSON API for stylising photos and clips from a browser. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = {"Start the web studio: drop a photo or a clip and a painting on a page, watch it paint, "
                + "download.",
            "Listens on this machine only unless --host says otherwise; then every request needs the access "
                    + "token (--token, or one generated and printed). The API is described in docs/api.md."})
final class ServeCommand implements Callable<Integer> {
    private static final StudioOptions DEFAULTS = StudioOptions.defaults(Path.of("."));

    @Option(names = "--port", paramLabel = "N", description = "TCP port to listen on (0: any free one).")
    int port = DEFAULTS.port();

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on; anything but a loopback address needs a token.")
    String host = DEFAULTS.host();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder for the job queue, uploads and results (default: $ATELIER_HOME/studio, "
                    + "else ~/.atelier/studio).")
    Path data;

    @Option(names = "--workers", paramLabel = "N",
            description = "Jobs run at the same time; one job already uses every core.")
    int workers = DEFAULTS.workers();

    @Option(names = "--token", paramLabel = "T",
            description = "Access token every request must carry (bearer header or cookie); generated when "
                    + "--host is not a loopback address and none is given.")
    String token;

    @Option(names = "--max-upload-mb", paramLabel = "MB", description = "Largest upload request.")
    long maxUploadMegabytes = DEFAULTS.maxRequestBytes() / (1024 * 1024);

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse input images larger than this.")
    long maxPixels = DEFAULTS.maxPixels();

    @Option(names = "--max-clip-seconds", paramLabel = "S",
            description = "Refuse clips longer than this, checked from the container before any frame is decoded.")
    double maxClipSeconds = DEFAULTS.maxClipSeconds();

    @Option(names = "--max-clip-frames", paramLabel = "N", description = "Refuse clips with more frames than this.")
    int maxClipFrames = DEFAULTS.maxClipFrames();

    @Option(names = "--max-clip-pixels", paramLabel = "N",
            description = "Refuse clips whose frames have more pixels than this (1920x1080 is 2073600).")
    long maxClipPixels = DEFAULTS.maxClipPixels();

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = RunOptions.DEVICE_DEFAULT,
            description = "Where every job's networks run: cpu; gpu (the server refuses to start, exit 5, when no "
            + "GPU works); auto. A GPU needs PyTorch's CUDA build: ATELIER_DEVICE=gpu ./atelier serve (README, "
            + "GPU). Default: ${DEFAULT-VALUE} (from ATELIER_DEVICE "
            + "when it is set, else auto).")
    String device;

    /**
     * Where the jobs are run: the library's entry point on the device asked for, resolved before the
     * server listens; tests put a fake here.
     */
    Supplier<JobExecutor> executors = () -> {
        Atelier atelier = Atelier.fromEnvironment().withDevice(RunOptions.deviceChoice(device));
        atelier.runDevice();
        return JobExecutors.fromLibrary(atelier, new ReadOptions(maxPixels), ServeCommand::fetchCommand);
    };

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        boolean generated = token == null && !StudioOptions.isLoopback(host);
        StudioOptions options = options(generated ? StudioOptions.newToken() : token);
        JobExecutor executor = executors.get();
        StudioServer server;
        try {
            server = StudioServer.start(options, executor);
        } catch (JavalinBindException taken) {
            err.println("atelier: error: cannot listen on " + host + ":" + port + " (" + taken.getMessage()
                    + "); choose another --port");
            return ExitCode.UNAVAILABLE;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Interrupts.install(stop::countDown);
        out.println("Atelier studio: " + server.url() + (options.token() == null ? "" : "?token=" + options.token()));
        if (!options.loopback()) {
            out.println("From other machines, use this machine's address with the same port and token.");
        }
        if (generated) {
            out.println("Access token (generated; choose your own with --token): " + options.token());
        }
        out.println("Data folder: " + options.dataFolder());
        out.println("Press Ctrl-C to stop; running jobs go back in the queue and resume at the next start.");
        out.flush();
        stop.await();
        err.println("atelier: stopping the studio…");
        server.close();
        return ExitCode.SUCCESS;
    }

    /**
     * What the studio's administrator runs to fetch models on the server, for the studio's answer to a
     * job whose networks cannot be had (the studio names no command of its own).
     */
    static String fetchCommand(List<String> names) {
        return "atelier models --fetch " + (names.isEmpty() ? "NAME" : String.join(" ", names));
    }

    /** The studio's options from the command line, with {@code token} as the token. */
    StudioOptions options(String token) {
        Path folder = data != null ? data : WeightsCache.fromEnvironment().root().resolve("studio");
        return StudioOptions.builder().optHost(host).optPort(port).optDataFolder(folder).optWorkers(workers)
                .optToken(token).optMaxUploadMegabytes(maxUploadMegabytes).optMaxPixels(maxPixels)
                .optMaxClipSeconds(maxClipSeconds).optMaxClipFrames(maxClipFrames).optMaxClipPixels(maxClipPixels)
                .build();
    }
}
