package dev.atelier.cli;

import ai.djl.ndarray.NDManager;
import dev.atelier.io.Compositor;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.RgbImage;
import dev.atelier.method.adain.AdainDecoder;
import dev.atelier.method.adain.AdainEncoder;
import dev.atelier.method.adain.AdainModels;
import dev.atelier.method.adain.AdainOptions;
import dev.atelier.method.adain.AdainReport;
import dev.atelier.method.adain.AdainStylizer;
import dev.atelier.method.adain.TorchvisionVggEncoder;
import dev.atelier.nn.BackboneChoice;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.nn.Pooling;
import dev.atelier.report.JsonReports;
import dev.atelier.weights.download.DownloadListener;
import dev.atelier.weights.download.Downloader;
import dev.atelier.weights.download.KnownWeights;
import dev.atelier.weights.download.WeightsCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code atelier stylize --method adain}: one forward pass with an encoder and a decoder, from local
 * files or the reference release (downloaded on first use). When no encoder is given, the decoder
 * says which one it needs: the reference vgg_normalised for the release decoder, torchvision's
 * VGG-19 (or the seeded random VGG-19 it was trained on) for one Atelier trained.
 */
final class AdainStylizeSupport {
    private AdainStylizeSupport() {}

    /**
     * What the command line asked for.
     *
     * @param styles one or more paintings
     * @param styleMasks empty, or one mask per painting for spatial control
     * @param report where the JSON report goes; {@code null} for beside the output
     * @param sideBySide where to also write photo | paintings | result; {@code null} for nowhere
     * @param encoder a vgg_normalised or torchvision VGG-19 file; {@code null} to follow the decoder
     * @param decoder a decoder file; {@code null} for the reference release's decoder
     * @param maxPixels larger input images are refused
     */
    record Request(Path content, List<Path> styles, List<Path> styleMasks, Path output, Path report,
            Path sideBySide, Path encoder, Path decoder, AdainOptions options, long maxPixels, boolean quiet) {
        Request {
            styles = List.copyOf(styles);
            styleMasks = List.copyOf(styleMasks);
        }
    }

    /** Runs a request with the weights cache of the environment; returns the exit code or throws. */
    static int run(Request request, ProgressLine line, PrintStream err) {
        return run(request, new Downloader(WeightsCache.fromEnvironment()), line, err);
    }

    static int run(Request request, Downloader downloader, ProgressLine line, PrintStream err) {
        CliOutputs.requireImageOutput(request.output());
        Path reportFile = request.report() != null ? request.report() : JsonReports.sidecarOf(request.output());
        CliOutputs.requireFolder(reportFile);
        if (request.sideBySide() != null) {
            CliOutputs.requireImageOutput(request.sideBySide());
        }
        ImageLoader loader = new ImageLoader(new ReadOptions(request.maxPixels()));
        RgbImage content = loader.read(request.content());
        List<RgbImage> styles = readAll(loader, request.styles());
        List<RgbImage> masks = readAll(loader, request.styleMasks());
        DownloadListener downloads = request.quiet() ? DownloadListener.SILENT : new DownloadProgressPrinter(line);
        long started = System.nanoTime();
        Path decoderFile = request.decoder() != null ? request.decoder()
                : downloader.fetch(KnownWeights.ADAIN_DECODER, downloads);
        AdainModels.LoadedDecoder decoderWeights = AdainModels.readDecoder(decoderFile);
        try (NDManager manager = NDManager.newBaseManager();
                AdainEncoder encoder = encoder(request, decoderWeights, downloader, downloads, line, manager)) {
            AdainModels.requireCompatible(decoderFile, decoderWeights, encoder);
            Optional<String> mismatch = AdainModels.weightsMismatch(decoderWeights, encoder);
            mismatch.ifPresent(warning -> line.message("atelier: warning: " + warning));
            try (AdainDecoder decoder = AdainDecoder.fromStateDict(decoderWeights.weights(), manager)) {
                line.finish();
                double loadSeconds = (System.nanoTime() - started) / 1e9;
                long stylizeStarted = System.nanoTime();
                AdainStylizer.Result result = new AdainStylizer(encoder, decoder).stylize(content, styles, masks,
                        request.options());
                double stylizeSeconds = (System.nanoTime() - stylizeStarted) / 1e9;
                new ImageSaver().write(result.image(), request.output());
                AdainReport.StylizationFiles files = new AdainReport.StylizationFiles(request.content(),
                        request.styles(), request.styleMasks(), request.output());
                JsonReports.write(AdainReport.stylization(files, request.options(), encoder, decoderFile,
                        decoderWeights, result, loadSeconds, stylizeSeconds), reportFile);
                if (request.sideBySide() != null) {
                    List<RgbImage> panels = new ArrayList<>();
                    panels.add(result.content());
                    panels.addAll(result.styles());
                    panels.add(result.image());
                    new ImageSaver().write(Compositor.sideBySide(panels, 8, new float[] {1, 1, 1}),
                            request.sideBySide());
                }
                if (!request.quiet()) {
                    err.printf("wrote %s (%dx%d, adain with %s, %.1f s)%n", request.output(), result.image().width(),
                            result.image().height(), encoder.kind().displayName(), stylizeSeconds);
                }
                return ExitCode.SUCCESS;
            }
        }
    }

    /** The encoder the user named, else the one the decoder was trained with. */
    private static AdainEncoder encoder(Request request, AdainModels.LoadedDecoder decoder, Downloader downloader,
            DownloadListener downloads, ProgressLine line, NDManager manager) {
        if (request.encoder() != null) {
            return AdainModels.loadEncoder(request.encoder(), manager);
        }
        if (decoder.encoder() == AdainModels.EncoderKind.NORMALISED_VGG) {
            return AdainModels.loadEncoder(downloader.fetch(KnownWeights.ADAIN_ENCODER, downloads), manager);
        }
        if (decoder.encoderRandomSeed().isPresent()) {
            return TorchvisionVggEncoder.random(decoder.encoderRandomSeed().getAsLong(), manager);
        }
        return new TorchvisionVggEncoder(new BackboneLoader(downloader).load(BackboneChoice.VGG19, null, 0, "conv4_1",
                Pooling.MAX, manager, downloads, warning -> line.message("atelier: warning: " + warning)));
    }

    private static List<RgbImage> readAll(ImageLoader loader, List<Path> files) {
        List<RgbImage> images = new ArrayList<>();
        for (Path file : files) {
            images.add(loader.read(file));
        }
        return images;
    }
}
