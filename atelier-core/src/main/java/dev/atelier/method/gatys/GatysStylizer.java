package dev.atelier.method.gatys;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.method.RunContext;
import dev.atelier.method.TemporalTarget;
import dev.atelier.method.StyleWeights;
import dev.atelier.progress.ImageFormed;
import dev.atelier.progress.RemainingTime;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.progress.Warning;
import dev.atelier.report.HistoryEntry;
import dev.atelier.InvalidOptionException;
import dev.atelier.NonFiniteLossException;
import dev.atelier.UnavailableException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.color.ColorTransfer;
import dev.atelier.color.Luminance;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.loss.ContentLoss;
import dev.atelier.loss.GuidedStyleLoss;
import dev.atelier.loss.LossValues;
import dev.atelier.loss.PerceptualObjective;
import dev.atelier.loss.StyleLoss;
import dev.atelier.loss.TemporalLoss;
import dev.atelier.loss.TotalVariationLoss;
import dev.atelier.loss.WeightedTerm;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.ImageNetNormalization;
import dev.atelier.nn.ImageTensors;
import dev.atelier.nn.Vgg;
import dev.atelier.optim.Adam;
import dev.atelier.optim.FunctionValue;
import dev.atelier.optim.Lbfgs;
import dev.atelier.optim.Optimizer;
import dev.atelier.optim.OptimizerState;
import dev.atelier.report.RecordJson;
import java.io.UncheckedIOException;
import dev.atelier.tiling.TilePlan;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Optimisation-based style transfer (Gatys, Ecker and Bethge, "Image Style Transfer Using
 * Convolutional Neural Networks", CVPR 2016): the image itself is optimised so that its VGG
 * features match the content photo's and its Gram matrices match the painting's, while the network
 * stays frozen. The controls of Gatys, Ecker, Bethge, Hertzmann and Shechtman 2017 ("Controlling
 * perceptual factors in neural style transfer") come with it: colour preservation by luminance or
 * by colour histogram (sec. 5), and spatial control by guided Gram matrices (sec. 4); several
 * paintings blend by weight, as jcjohnson/neural-style does.
 *
 * <p>Departures from the paper, each deliberate: the losses are scaled relative to their targets by
 * default ({@link LossScaling}), so one strength means the same on every backbone; the image starts
 * from the content photo by default rather than noise; the image is optimised coarse to fine over a
 * {@link ScalePlan}, which reaches a lower loss in less time (BENCHMARKS.md); and a scale larger
 * than a tile is refined tile by tile ({@link TilePlan}) against the whole painting's statistics, so
 * a print's size is bounded by Java memory, not native memory.
 *
 * <p>One stylizer serves many runs with the same backbone; it is not safe for concurrent use
 * (DJL's gradient collection is global).
 */
public final class GatysStylizer {
    /** Iterations between checkpoint saves: a few seconds of work at 512 px, a few minutes lost at most. */
    static final int CHECKPOINT_EVERY = 50;

    private final Backbone backbone;

    public GatysStylizer(Backbone backbone) {
        this.backbone = backbone;
    }

    /** Repaints {@code content} in the style of {@code style}. */
    public GatysResult stylize(RgbImage content, RgbImage style, GatysOptions options, RunContext context) {
        return stylize(content, List.of(style), List.of(), options, context);
    }

    /**
     * Repaints {@code content} with every control.
     *
     * @param content the photo, at the size the result will have
     * @param styles the paintings, at least one; blended by {@link GatysOptions#styleWeights()}
     * @param masks empty, or one picture per painting whose brightness (0 to 1) says where that
     *     painting goes, stretched to the photo (guided Gram matrices); cannot be combined with style weights
     * @param context the cancellation (checked between iterations: when requested, the checkpoint, if
     *     any, is saved and the best image so far is returned at full size), the listener (one
     *     {@code StepFinished} per iteration, {@code ImageFormed} where asked for), where the image
     *     starts ({@link RunContext#initImage()}, resized to the photo; else {@link GatysOptions#initialization()})
     *     and where progress is saved and, if the file exists, resumed from ({@link RunContext#checkpoint()})
     * @throws NonFiniteLossException when the loss overflows (absurd weights)
     * @throws dev.atelier.BadInputException when the photo at the planned scales, or a painting, is too
     *     small for the deepest layer
     * @throws InvalidOptionException when the style weights or masks do not fit the paintings
     */
    public GatysResult stylize(RgbImage content, List<RgbImage> styles, List<RgbImage> masks, GatysOptions options,
            RunContext context) {
        GatysCheckpoint checkpoint = context.checkpoint() == null ? null
                : new GatysCheckpoint(context.checkpoint(), CHECKPOINT_EVERY);
        return stylize(content, styles, masks, options, context, checkpoint);
    }

    /** As {@link #stylize(RgbImage, List, List, GatysOptions, RunContext)} with a checkpoint of any period. */
    GatysResult stylize(RgbImage content, List<RgbImage> styles, List<RgbImage> masks, GatysOptions options,
            RunContext context, GatysCheckpoint checkpoint) {
        return new Run(options, checkpoint, context).execute(content, styles, masks, context.initImage());
    }

    /** The paintings as the network will see them, after colour preservation (for tests and previews). */
    public static List<RgbImage> preparedStyles(RgbImage content, List<RgbImage> styles, GatysOptions options) {
        if (options.preserveColor() == ColorPreservation.NONE) {
            return List.copyOf(styles);
        }
        // The photo's colour statistics at up to 1024 px are those of the print, and cheaper.
        RgbImage photo = Resampler.fitLongestSide(content, Math.min(options.size(), 1024));
        List<RgbImage> prepared = new ArrayList<>();
        for (RgbImage style : styles) {
            prepared.add(switch (options.preserveColor()) {
                case NONE -> style;
                case HISTOGRAM -> ColorTransfer.matchColors(style, photo);
                case LUMINANCE -> Luminance.matchedGrey(style, photo);
            });
        }
        return prepared;
    }

    /** The state of one stylisation. */
    private final class Run {
        private final GatysOptions options;
        private final GatysCheckpoint checkpoint;
        private final RunContext context;
        private final RunListener listener;
        private final Cancellation cancellation;
        private final Vgg network;
        private final long startNanos = System.nanoTime();
        private double earlierSeconds;
        private List<HistoryEntry> history = new ArrayList<>();
        private final RemainingTime remainingTime = new RemainingTime();
        private RunPlan plan;
        private JsonObject settings;
        private RgbImage chromaPhoto;
        private int iteration;
        private int evaluations;
        private boolean cancelled;
        private boolean converged;
        private int bestIteration;
        private boolean checkpointFailed;
        /** The position and images a checkpoint records: the scale's start and the tiles blended so far. */
        private int scaleIndex;
        private int tileIndex;
        private RgbImage scaleStart;
        private TileBlender blender;
        /** The paintings after colour preservation, prepared once per photo. */
        private List<RgbImage> paintingsUsed = List.of();

        Run(GatysOptions options, GatysCheckpoint checkpoint, RunContext context) {
            this.options = options;
            this.checkpoint = checkpoint;
            this.context = context;
            this.listener = context.listener();
            this.cancellation = context.cancellation();
            this.network = backbone.network();
        }

        GatysResult execute(RgbImage content, List<RgbImage> styles, List<RgbImage> masks, RgbImage initImage) {
            StyleWeights.checkFit(options.styleWeights(), styles.size(), masks.size());
            double[] blendWeights = blendWeights(styles.size());
            GatysSizes.photoProblem(options, content.width(), content.height()).ifPresent(problem -> {
                throw new BadInputException("the photo (" + content.width() + "x" + content.height() + "): " + problem);
            });
            RgbImage finalContent = Resampler.fitLongestSide(content, options.size());
            // The photo the network sees, the paintings after colour preservation, and where to start.
            RgbImage photo = content;
            List<RgbImage> paintings = preparedStyles(content, styles, options);
            paintingsUsed = paintings;
            RgbImage start = initImage;
            if (options.preserveColor() == ColorPreservation.LUMINANCE) {
                chromaPhoto = finalContent;
                photo = Luminance.grey(content);
                start = initImage == null ? null : Luminance.grey(initImage);
            }
            GatysCheckpoint.State resumed = null;
            int tileSize = options.tileSize();
            settings = settings(content, styles, masks, initImage);
            if (checkpoint != null && checkpoint.exists()) {
                resumed = checkpoint.load(settings);
                tileSize = resumed.tileSize();
            } else if (tileSize == 0) {
                tileSize = TileSizing.automatic(options);
            }
            plan = RunPlan.of(content.width(), content.height(), options, tileSize);
            for (int i = 0; i < paintings.size(); i++) {
                requirePaintingLargeEnough(paintings.get(i), i, paintings.size());
            }
            OptionalInt resumedAt = OptionalInt.empty();
            if (resumed != null) {
                restore(resumed);
                resumedAt = OptionalInt.of(resumed.iteration());
                if (resumed.finished()) {
                    return result(resumed.base(), resumedAt);
                }
            }
            RgbImage current = null;
            List<RunPlan.Step> steps = plan.steps();
            for (int index = scaleIndex; index < steps.size(); index++) {
                RunPlan.Step step = steps.get(index);
                boolean last = index == steps.size() - 1;
                RgbImage photoHere = last && options.preserveColor() != ColorPreservation.LUMINANCE
                        ? finalContent
                        : Resampler.resizeTo(photo, step.width(), step.height());
                boolean resuming = resumed != null && index == resumed.scaleIndex();
                if (resuming) {
                    scaleStart = resumed.base();
                } else {
                    scaleIndex = index;
                    tileIndex = 0;
                    scaleStart = current == null
                            ? initialImage(photoHere, paintings, start)
                            : Resampler.resizeTo(current, step.width(), step.height());
                    if (current != null && options.photoDetail() && options.contentWeight() > 0
                            && !options.contentLayers().isEmpty()) {
                        scaleStart = withPhotoDetail(scaleStart, photoHere, current.width(), current.height());
                    }
                }
                current = runScale(step, photoHere, paintings, blendWeights, masks,
                        resuming ? resumed : null);
                if (cancelled) {
                    if (!last) {
                        current = Resampler.resizeTo(current, finalContent.width(), finalContent.height());
                    }
                    break;
                }
            }
            if (!cancelled && checkpoint != null) {
                scaleStart = current;
                blender = null;
                save(null, 0, true, null);
            }
            return result(current, resumedAt);
        }

        private GatysResult result(RgbImage image, OptionalInt resumedAt) {
            RgbImage finalImage = chromaPhoto == null ? image : Luminance.withChroma(image, chromaPhoto);
            return new GatysResult(finalImage, history, bestIteration, cancelled, converged, evaluations, seconds(),
                    plan, resumedAt, paintingsUsed);
        }

        /** The paintings' blend weights as given (equal when none are), after {@link StyleWeights#checkFit}. */
        private double[] blendWeights(int count) {
            List<Double> weights = options.styleWeights();
            double[] blend = new double[count];
            for (int i = 0; i < blend.length; i++) {
                blend[i] = weights.isEmpty() ? 1 : weights.get(i);
            }
            return blend;
        }

        private void requirePaintingLargeEnough(RgbImage painting, int index, int count) {
            int minimum = options.minimumSide();
            for (RunPlan.Step step : plan.steps()) {
                int[] size = paintingSize(painting, step.width(), step.height());
                if (Math.min(size[0], size[1]) < minimum) {
                    throw new InvalidOptionException("style-scale", "style image"
                            + (count > 1 ? " " + (index + 1) + " of " + count : "") + " (" + painting.width() + " x "
                            + painting.height() + ") becomes " + size[0] + " x " + size[1] + " at the "
                            + step.width() + " x " + step.height() + " scale; layer " + options.deepestLayer()
                            + " needs at least " + minimum + " px on each side: raise {style-scale} or {size}");
                }
            }
        }

        /** The painting's size at a scale: its longest side the image's times the style scale. */
        private int[] paintingSize(RgbImage painting, int width, int height) {
            int side = Math.max(16, (int) Math.round(Math.max(width, height) * options.styleScale()));
            return Resampler.fittedSize(painting.width(), painting.height(), side);
        }

        /**
         * A finer scale's start: the coarser result enlarged, plus what the photo has at this scale and
         * not at the coarser one (the photo minus the photo taken down to the coarser size and back: one
         * level of a Laplacian pyramid). Gatys et al. optimise at one size; coarse-to-fine plans (as
         * crowsonkb's) enlarge the coarser result alone, whose missing detail the finer scale's content
         * term first spends its iterations restoring (its loss starts 8 to 15 times where the coarser
         * scale ended; BENCHMARKS.md, "Time to quality"). The painting's texture is left to the
         * optimisation: it is not the photo's to give.
         */
        private RgbImage withPhotoDetail(RgbImage enlarged, RgbImage photo, int coarseWidth, int coarseHeight) {
            RgbImage blurredPhoto = Resampler.resizeTo(Resampler.resizeTo(photo, coarseWidth, coarseHeight),
                    photo.width(), photo.height());
            float[] start = enlarged.sharedPlanes().clone();
            float[] fine = photo.sharedPlanes();
            float[] blurred = blurredPhoto.sharedPlanes();
            for (int i = 0; i < start.length; i++) {
                start[i] = Math.min(1f, Math.max(0f, start[i] + fine[i] - blurred[i]));
            }
            return RgbImage.wrap(enlarged.width(), enlarged.height(), start);
        }

        private RgbImage initialImage(RgbImage photo, List<RgbImage> paintings, RgbImage start) {
            if (start != null) {
                return Resampler.resizeTo(start, photo.width(), photo.height());
            }
            return switch (options.initialization()) {
                case CONTENT -> photo;
                case STYLE -> Resampler.resizeTo(paintings.get(0), photo.width(), photo.height());
                case NOISE -> noise(photo.width(), photo.height(), options.seed());
            };
        }

        /** One scale: whole, or tile by tile into a blender. Returns the scale's result. */
        private RgbImage runScale(RunPlan.Step step, RgbImage photo, List<RgbImage> paintings, double[] blendWeights,
                List<RgbImage> masks, GatysCheckpoint.State resumed) {
            Set<String> styleLayers = new LinkedHashSet<>();
            for (String layer : options.styleLayers().keySet()) {
                styleLayers.add(network.architecture().canonicalName(layer));
            }
            try (NDManager scaleMemory = RunDevice.newManager()) {
                List<Map<String, NDArray>> grams = new ArrayList<>();
                if (!styleLayers.isEmpty()) {
                    for (RgbImage painting : paintings) {
                        int[] size = paintingSize(painting, step.width(), step.height());
                        grams.add(StyleTargets.of(network, Resampler.resizeTo(painting, size[0], size[1]), styleLayers,
                                plan.tileSize(), scaleMemory));
                    }
                }
                Map<String, NDArray> blended = grams.isEmpty() || !masks.isEmpty()
                        ? null : StyleTargets.blend(grams, blendWeights);
                List<float[]> maskPlanes = masks.isEmpty() ? List.of()
                        : RegionMasks.planes(masks, step.width(), step.height());
                TilePlan tiles = step.tiles();
                if (tiles.isSingle()) {
                    blender = null;
                    TilePlan.Tile whole = tiles.tiles().get(0);
                    Targets targets = new Targets(blended, grams, maskPlanes, styleLayers, step.width());
                    RgbImage unitStart = resumed != null && resumed.unit() != null ? resumed.unit() : scaleStart;
                    int done = resumed != null ? resumed.iterationsInUnit() : 0;
                    return optimizeUnit(step, whole, photo, targets, unitStart, done, resumed == null && isFirstUnit(),
                            resumed != null && resumed.unit() != null ? resumed.progress() : null);
                }
                blender = resumed != null
                        ? new TileBlender(tiles, scaleStart, resumed.accumulated(), resumed.tileIndex())
                        : new TileBlender(tiles, scaleStart);
                for (int t = blender.tilesDone(); t < tiles.tiles().size(); t++) {
                    TilePlan.Tile tile = tiles.tiles().get(t);
                    tileIndex = t;
                    boolean resumingTile = resumed != null && t == resumed.tileIndex() && resumed.unit() != null;
                    RgbImage unitStart = resumingTile ? resumed.unit() : blender.startOf(tile);
                    int done = resumingTile ? resumed.iterationsInUnit() : 0;
                    Targets targets = new Targets(blended, grams, maskPlanes, styleLayers, step.width());
                    RgbImage result = optimizeUnit(step, tile, photo.crop(tile.x(), tile.y(), tile.width(),
                            tile.height()), targets, unitStart, done, resumed == null && isFirstUnit(),
                            resumingTile ? resumed.progress() : null);
                    if (cancelled) {
                        return blender.currentWith(tile, result);
                    }
                    blender.add(tile, result);
                }
                return blender.current();
            }
        }

        private boolean isFirstUnit() {
            return scaleIndex == 0 && tileIndex == 0 && iteration == 0 && history.isEmpty();
        }

        /** What a unit's style term compares with: the blended targets, or each painting with its mask. */
        private record Targets(Map<String, NDArray> blended, List<Map<String, NDArray>> paintings,
                List<float[]> maskPlanes, Set<String> layers, int imageWidth) {}

        /**
         * Runs the iterations of one unit (a tile, or a whole scale) from {@code start} and returns
         * its lowest-loss image.
         *
         * @param done iterations already done on this unit (resumed from a checkpoint)
         * @param recordStart whether the start is the run's iteration 0, to be reported
         * @param progress where a stopped run's optimiser stood in this unit, or {@code null}
         */
        private RgbImage optimizeUnit(RunPlan.Step step, TilePlan.Tile tile, RgbImage photo, Targets targets,
                RgbImage start, int done, boolean recordStart, GatysCheckpoint.UnitProgress progress) {
            // A new unit's start records the tiles blended so far; a run's very first one has nothing to keep.
            if (checkpoint != null && done == 0 && !recordStart) {
                save(null, 0, false, null);
            }
            try (NDManager manager = RunDevice.newManager();
                    PerceptualObjective objective = objective(step, photo, tile, targets, manager);
                    Optimizer<LossValues> optimizer = optimizer(objective, manager)) {
                NDArray startPoint = ImageNetNormalization.normalize(ImageTensors.toTensor(manager, start));
                FunctionValue<LossValues> value;
                NDArray best;
                double bestValue;
                try {
                    if (progress != null) {
                        // Where the optimiser stood, unclamped, with its memory when saved: the curve goes on.
                        NDArray point = manager.create(progress.point(), startPoint.getShape());
                        value = progress.optimizer() != null
                                ? guarded(() -> optimizer.resume(point, progress.optimizer()), step)
                                : guarded(() -> optimizer.start(point), step);
                        best = manager.create(progress.best(), startPoint.getShape());
                        bestValue = progress.bestValue();
                        if (value.value() <= bestValue) {
                            best.close();
                            best = optimizer.point().duplicate();
                            bestValue = value.value();
                        }
                    } else {
                        value = guarded(() -> optimizer.start(startPoint), step);
                        best = optimizer.point().duplicate();
                        bestValue = value.value();
                    }
                } catch (StoppableObjective.Stopped stopped) {
                    // Stopped before this unit's first evaluation: it stays as it starts.
                    cancelled = true;
                    return progress != null ? toImage(manager.create(progress.best(), startPoint.getShape())) : start;
                }
                evaluations++;
                if (recordStart) {
                    report(step, value, done);
                    bestIteration = iteration;
                }
                int iterationsHere = done;
                // A coarse scale only prepares the next one's start: it ends once its loss has flattened.
                ScaleStopping stopping = step.scaleIndex() < plan.steps().size() - 1
                        ? options.scaleStopping() : ScaleStopping.NEVER;
                double[] bestLosses = new double[step.iterations() - done + 1];
                int losses = 0;
                bestLosses[losses++] = bestValue;
                while (iterationsHere < step.iterations() && !optimizer.converged()
                        && !stopping.reached(bestLosses, losses)) {
                    if (cancellation.isRequested()) {
                        cancelled = true;
                        if (checkpoint != null) {
                            save(toImage(optimizer.point()), iterationsHere, false,
                                    progress(optimizer, best, bestValue, true));
                        }
                        break;
                    }
                    int evaluationsBefore = optimizer.evaluations();
                    try {
                        value = guarded(optimizer::step, step);
                    } catch (StoppableObjective.Stopped stopped) {
                        // The optimiser's point is still the last iterate, but its memory is half updated:
                        // the checkpoint keeps the point and the best, and a resume starts its memory afresh.
                        cancelled = true;
                        if (checkpoint != null) {
                            GatysCheckpoint.UnitProgress partial = new GatysCheckpoint.UnitProgress(
                                    optimizer.point().toFloatArray(), best.toFloatArray(), bestValue, null);
                            save(toImage(optimizer.point()), iterationsHere, false, partial);
                        }
                        break;
                    }
                    evaluations += optimizer.evaluations() - evaluationsBefore;
                    iteration++;
                    iterationsHere++;
                    report(step, value, iterationsHere);
                    if (value.value() <= bestValue) {
                        bestValue = value.value();
                        best.close();
                        best = optimizer.point().duplicate();
                        bestIteration = iteration;
                    }
                    bestLosses[losses++] = bestValue;
                    if (context.imageWanted().test(iteration)) {
                        listener.onEvent(new ImageFormed(iteration, intermediate(tile, toImage(optimizer.point()))));
                    }
                    if (checkpoint != null && iteration % checkpoint.every() == 0
                            && iterationsHere < step.iterations()) {
                        save(toImage(optimizer.point()), iterationsHere, false,
                                progress(optimizer, best, bestValue, false));
                    }
                }
                if (optimizer.converged() && iterationsHere < step.iterations()) {
                    converged = true;
                }
                return toImage(best);
            }
        }

        /** The full image at this scale with a unit in progress, in the photo's colours when preserving them. */
        private RgbImage intermediate(TilePlan.Tile tile, RgbImage unit) {
            RgbImage image = blender == null ? unit : blender.currentWith(tile, unit);
            if (chromaPhoto == null) {
                return image;
            }
            return Luminance.withChroma(image, Resampler.resizeTo(chromaPhoto, image.width(), image.height()));
        }

        private interface Evaluation {
            FunctionValue<LossValues> run();
        }

        /** Says where a non-finite loss happened: the objective alone does not know. */
        private FunctionValue<LossValues> guarded(Evaluation evaluation, RunPlan.Step step) {
            try {
                return evaluation.run();
            } catch (NonFiniteLossException diverged) {
                throw new NonFiniteLossException("at iteration " + (iteration + 1) + " (scale "
                        + (step.scaleIndex() + 1) + " of " + plan.steps().size() + (step.tileCount() > 1
                        ? ", tile " + (tileIndex + 1) + " of " + step.tileCount() : "") + "), "
                        + diverged.render(key -> "{" + key + "}"));
            }
        }

        /**
         * Records an iteration in the history and tells the listener, with the losses as they enter the
         * total and the share of the plan's work done: every earlier unit counts as whole, since a scale
         * that ended early (its plateau) leaves nothing of it to wait for.
         */
        private void report(RunPlan.Step step, FunctionValue<LossValues> value, int iterationsInUnit) {
            double seconds = seconds();
            Map<String, Double> losses = value.detail().terms();
            history.add(new HistoryEntry(iteration, step.scaleIndex(), plan.isTiled() ? tileIndex : -1, losses,
                    seconds, Double.NaN));
            double fraction = plan.workFraction(step.scaleIndex(), plan.isTiled() ? tileIndex : 0, iterationsInUnit);
            double remaining = remainingTime.update(seconds, fraction);
            listener.onEvent(new StepFinished("optimise", iteration, plan.totalIterations(), fraction, seconds,
                    remaining, losses, context.item()));
        }

        private PerceptualObjective objective(RunPlan.Step step, RgbImage photo, TilePlan.Tile tile, Targets targets,
                NDManager manager) {
            boolean relative = options.lossScaling() == LossScaling.RELATIVE;
            List<WeightedTerm> terms = new ArrayList<>();
            try (NDManager scratch = manager.newSubManager()) {
                if (!options.contentLayers().isEmpty()) {
                    NDArray contentImage = ImageNetNormalization.normalize(ImageTensors.toTensor(scratch, photo));
                    Map<String, NDArray> features = network.features(contentImage, options.contentLayers());
                    terms.add(new WeightedTerm(new ContentLoss(features, relative
                            ? ContentLoss.Scaling.RELATIVE : ContentLoss.Scaling.MEAN_SQUARE, manager),
                            options.contentWeight()));
                }
                if (!targets.layers().isEmpty()) {
                    Map<String, Double> layerWeights = new LinkedHashMap<>();
                    options.styleLayers().forEach((layer, weight) ->
                            layerWeights.put(network.architecture().canonicalName(layer), weight));
                    StyleLoss.Scaling scaling = relative ? StyleLoss.Scaling.RELATIVE : StyleLoss.Scaling.LAYER_SIZE;
                    if (targets.maskPlanes().isEmpty()) {
                        terms.add(new WeightedTerm(new StyleLoss(targets.blended(), layerWeights, scaling, manager),
                                options.styleWeight()));
                    } else {
                        List<GuidedStyleLoss.Region> regions = new ArrayList<>();
                        for (int i = 0; i < targets.paintings().size(); i++) {
                            float[] plane = RegionMasks.crop(targets.maskPlanes().get(i), targets.imageWidth(), tile);
                            if (RegionMasks.mass(plane) < 1) {
                                continue; // This painting's region does not reach this tile.
                            }
                            regions.add(new GuidedStyleLoss.Region(targets.paintings().get(i),
                                    RegionMasks.pyramid(plane, tile.width(), tile.height(), network.architecture(),
                                            targets.layers(), scratch)));
                        }
                        if (!regions.isEmpty()) {
                            terms.add(new WeightedTerm(new GuidedStyleLoss(regions, layerWeights, scaling, manager),
                                    options.styleWeight()));
                        }
                    }
                }
            }
            terms.add(new WeightedTerm(new TotalVariationLoss(), options.tvWeight()));
            TemporalTarget temporal = context.temporal();
            if (temporal != null && temporal.weight() > 0) {
                // Ruder et al.'s constraint at every scale and tile: the target brought to the scale, then cut
                // like the photo.
                // With luminance preserved the optimised image is grey, and so is what it stays close to.
                RgbImage source = chromaPhoto != null ? Luminance.grey(temporal.target()) : temporal.target();
                RgbImage target = Resampler.resizeTo(source, step.width(), step.height());
                RgbImage weights = Resampler.resizeTo(temporal.weights(), step.width(), step.height());
                terms.add(new WeightedTerm(new TemporalLoss(
                        target.crop(tile.x(), tile.y(), tile.width(), tile.height()),
                        weights.crop(tile.x(), tile.y(), tile.width(), tile.height()), manager), temporal.weight()));
            }
            return new PerceptualObjective(network, terms);
        }

        private Optimizer<LossValues> optimizer(PerceptualObjective objective, NDManager manager) {
            StoppableObjective<LossValues> watched = new StoppableObjective<>(objective, cancellation);
            return switch (options.optimizer()) {
                case LBFGS -> new Lbfgs<>(watched,
                        Lbfgs.Settings.defaults().withHistorySize(options.lbfgsHistory()), manager);
                case ADAM -> new Adam<>(watched, options.learningRate(), GatysStylizer::keepInRange, manager);
            };
        }

        /**
         * The unit's progress for a checkpoint; the optimiser's state when stopping, and in periodic saves
         * while it stays small enough ({@link GatysCheckpoint#PERIODIC_STATE_BYTES}).
         */
        private GatysCheckpoint.UnitProgress progress(Optimizer<LossValues> optimizer, NDArray best, double bestValue,
                boolean stopping) {
            OptimizerState state = stopping || optimizer.stateBytes() <= GatysCheckpoint.PERIODIC_STATE_BYTES
                    ? optimizer.state() : null;
            return new GatysCheckpoint.UnitProgress(optimizer.point().toFloatArray(), best.toFloatArray(), bestValue,
                    state);
        }

        /**
         * Writes the checkpoint: the scale's start, the tiles blended so far, and the unit in
         * progress ({@code null} at its start) with where its optimiser stands. A checkpoint that cannot
         * be written (a full disk, a folder gone) is a warning, once: the run goes on and writes its
         * result, which is worth more than the means to resume it.
         */
        private void save(RgbImage unit, int iterationsInUnit, boolean finished, GatysCheckpoint.UnitProgress progress) {
            try {
                checkpoint.save(new GatysCheckpoint.State(scaleIndex, tileIndex, iterationsInUnit, iteration,
                        evaluations, bestIteration, seconds(), converged, finished, plan.tileSize(), scaleStart,
                        blender == null ? null : blender.accumulated(), unit, history, progress), settings);
            } catch (UnavailableException | BadInputException | UncheckedIOException failure) {
                if (!checkpointFailed) {
                    checkpointFailed = true;
                    listener.onEvent(new Warning("cannot write the checkpoint " + checkpoint.file() + " ("
                            + failure.getMessage() + "); going on without one, so a stop now cannot be resumed"));
                }
            }
        }

        private void restore(GatysCheckpoint.State state) {
            scaleIndex = state.scaleIndex();
            tileIndex = state.tileIndex();
            iteration = state.iteration();
            evaluations = state.evaluations();
            bestIteration = state.bestIteration();
            converged = state.converged();
            earlierSeconds = state.seconds();
            history = new ArrayList<>(state.history());
        }

        /**
         * What a checkpoint must agree on: every option that changes the result (not how often to
         * save intermediate images, not the weights file's path but its SHA-256) and the inputs'
         * fingerprints.
         */
        private JsonObject settings(RgbImage content, List<RgbImage> styles, List<RgbImage> masks,
                RgbImage initImage) {
            JsonObject json = RecordJson.toJson(options).getAsJsonObject();
            json.remove("weights");
            json.addProperty("backbone_sha256", backbone.weightsSha256());
            json.addProperty("content_image", fingerprint(content));
            JsonArray paintings = new JsonArray();
            styles.forEach(style -> paintings.add(fingerprint(style)));
            json.add("style_images", paintings);
            JsonArray regions = new JsonArray();
            masks.forEach(mask -> regions.add(fingerprint(mask)));
            json.add("style_masks", regions);
            json.addProperty("init_image", initImage == null ? "none" : fingerprint(initImage));
            TemporalTarget temporal = context.temporal();
            if (temporal != null) {
                json.addProperty("temporal_target", fingerprint(temporal.target()) + " " + fingerprint(temporal.weights())
                        + " " + temporal.weight());
            }
            return json;
        }

        private double seconds() {
            return earlierSeconds + (System.nanoTime() - startNanos) / 1e9;
        }
    }

    /** Size and SHA-256 of an image's samples: the same picture, the same text. */
    static String fingerprint(RgbImage image) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : image.sharedPlanes()) {
                if (buffer.remaining() < Float.BYTES) {
                    digest.update(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                buffer.putFloat(value);
            }
            digest.update(buffer.array(), 0, buffer.position());
            return image.width() + "x" + image.height() + " " + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Clamps a normalised image to the range of RGB in [0, 1]. */
    static NDArray keepInRange(NDArray normalized) {
        return ImageNetNormalization.normalize(ImageNetNormalization.denormalize(normalized).clip(0, 1));
    }

    private static RgbImage toImage(NDArray normalized) {
        try (NDManager scope = normalized.getManager().newSubManager()) {
            NDArray copy = normalized.duplicate();
            copy.attach(scope);
            return ImageTensors.toImage(ImageNetNormalization.denormalize(copy));
        }
    }

    /** Seeded uniform RGB noise: the same picture for the same seed on every machine. */
    static RgbImage noise(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] planes = new float[3 * width * height];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = (float) random.nextDouble();
        }
        return RgbImage.wrap(width, height, planes);
    }
}
