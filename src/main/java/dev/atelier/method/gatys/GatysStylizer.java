package dev.atelier.method.gatys;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.Cancellation;
import dev.atelier.io.Resampler;
import dev.atelier.io.RgbImage;
import dev.atelier.loss.ContentLoss;
import dev.atelier.loss.LossValues;
import dev.atelier.loss.PerceptualObjective;
import dev.atelier.loss.StyleLoss;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Optimisation-based style transfer (Gatys, Ecker and Bethge, "Image Style Transfer Using
 * Convolutional Neural Networks", CVPR 2016): the image itself is optimised so that its VGG
 * features match the content photo's and its Gram matrices match the painting's, while the network
 * stays frozen.
 *
 * <p>Departures from the paper, each deliberate: the loss normalisation is the documents' (see
 * {@link StyleLoss}); the image starts from the content photo by default rather than noise; and the
 * image is optimised coarse to fine over a {@link ScalePlan}, which reaches a lower loss in less
 * time (BENCHMARKS.md).
 *
 * <p>One stylizer serves many runs with the same backbone; it is not safe for concurrent use
 * (DJL's gradient collection is global).
 */
public final class GatysStylizer {
    private final Backbone backbone;

    public GatysStylizer(Backbone backbone) {
        this.backbone = backbone;
    }

    /**
     * Repaints {@code content} in the style of {@code style}.
     *
     * @param listener receives one event per iteration
     * @param cancellation checked between iterations; when requested, the best image so far is
     *     returned (upsampled to full size if a coarser scale was running)
     */
    public GatysResult stylize(RgbImage content, RgbImage style, GatysOptions options, StylizeListener listener,
            Cancellation cancellation) {
        Run run = new Run(options, listener, cancellation);
        return run.execute(content, style);
    }

    /** The state of one stylisation. */
    private final class Run {
        private final GatysOptions options;
        private final StylizeListener listener;
        private final Cancellation cancellation;
        private final ScalePlan plan;
        private final long startNanos = System.nanoTime();
        private final List<HistoryEntry> history = new ArrayList<>();
        private int iteration;
        private int evaluations;
        private boolean cancelled;
        private boolean converged;
        private int bestIteration;

        Run(GatysOptions options, StylizeListener listener, Cancellation cancellation) {
            this.options = options;
            this.listener = listener;
            this.cancellation = cancellation;
            this.plan = options.scalePlan();
        }

        GatysResult execute(RgbImage content, RgbImage style) {
            RgbImage finalContent = Resampler.fitLongestSide(content, options.size());
            RgbImage current = null;
            List<ScalePlan.Scale> scales = plan.scales();
            for (int index = 0; index < scales.size(); index++) {
                ScalePlan.Scale scale = scales.get(index);
                boolean last = index == scales.size() - 1;
                RgbImage contentHere = last ? finalContent : Resampler.fitLongestSide(content, scale.longestSide());
                RgbImage start = current == null
                        ? initialImage(contentHere, style)
                        : Resampler.resizeTo(current, contentHere.width(), contentHere.height());
                current = optimizeScale(index, scale, contentHere, style, start, index == 0);
                if (cancelled) {
                    if (!last) {
                        current = Resampler.resizeTo(current, finalContent.width(), finalContent.height());
                    }
                    break;
                }
                if (!last) {
                    listener.onScaleFinished(index, contentHere.width(), contentHere.height());
                }
            }
            return new GatysResult(current, history, bestIteration, cancelled, converged, evaluations, seconds());
        }

        private RgbImage initialImage(RgbImage content, RgbImage style) {
            return switch (options.initialization()) {
                case CONTENT -> content;
                case STYLE -> Resampler.resizeTo(style, content.width(), content.height());
                case NOISE -> noise(content.width(), content.height(), options.seed());
            };
        }

        /** Runs one scale's iterations and returns its lowest-loss image. */
        private RgbImage optimizeScale(int index, ScalePlan.Scale scale, RgbImage content, RgbImage style,
                RgbImage start, boolean recordStart) {
            Vgg network = backbone.network();
            int styleSide = Math.max(16, (int) Math.round(Math.max(content.width(), content.height())
                    * options.styleScale()));
            RgbImage styleHere = Resampler.fitLongestSide(style, styleSide);
            try (NDManager manager = NDManager.newBaseManager();
                    PerceptualObjective objective = objective(network, content, styleHere, manager);
                    Optimizer<LossValues> optimizer = optimizer(objective, manager)) {
                NDArray startPoint = ImageNetNormalization.normalize(ImageTensors.toTensor(manager, start));
                FunctionValue<LossValues> value = optimizer.start(startPoint);
                evaluations++;
                NDArray best = optimizer.point().duplicate();
                double bestValue = value.value();
                if (recordStart) {
                    report(index, content, value, optimizer);
                    bestIteration = iteration;
                }
                int iterationsHere = 0;
                while (iterationsHere < scale.iterations() && !optimizer.converged()) {
                    if (cancellation.isRequested()) {
                        cancelled = true;
                        break;
                    }
                    int evaluationsBefore = optimizer.evaluations();
                    value = optimizer.step();
                    evaluations += optimizer.evaluations() - evaluationsBefore;
                    iteration++;
                    iterationsHere++;
                    report(index, content, value, optimizer);
                    if (value.value() <= bestValue) {
                        bestValue = value.value();
                        best.close();
                        best = optimizer.point().duplicate();
                        bestIteration = iteration;
                    }
                    if ((options.saveEvery() > 0 && iteration % options.saveEvery() == 0)
                            || listener.wantsImage(iteration)) {
                        listener.onIntermediateImage(iteration, toImage(optimizer.point()));
                    }
                }
                if (optimizer.converged() && iterationsHere < scale.iterations()) {
                    converged = true;
                }
                return toImage(best);
            }
        }

        private void report(int scaleIndex, RgbImage content, FunctionValue<LossValues> value,
                Optimizer<LossValues> optimizer) {
            IterationEvent event = new IterationEvent(iteration, plan.totalIterations(), scaleIndex,
                    plan.scales().size(), content.width(), content.height(), value.detail(), seconds(),
                    evaluations, plan.workFraction(iteration));
            history.add(HistoryEntry.of(event));
            listener.onIteration(event);
        }

        private PerceptualObjective objective(Vgg network, RgbImage content, RgbImage style, NDManager manager) {
            List<WeightedTerm> terms = new ArrayList<>();
            try (NDManager targets = manager.newSubManager()) {
                if (!options.contentLayers().isEmpty()) {
                    NDArray contentImage = ImageNetNormalization.normalize(ImageTensors.toTensor(targets, content));
                    Map<String, NDArray> features = network.features(contentImage, options.contentLayers());
                    terms.add(new WeightedTerm(new ContentLoss(features, manager), options.contentWeight()));
                }
                if (!options.styleLayers().isEmpty()) {
                    NDArray styleImage = ImageNetNormalization.normalize(ImageTensors.toTensor(targets, style));
                    Map<String, NDArray> features = network.features(styleImage, options.styleLayers().keySet());
                    Map<String, Double> weights = new LinkedHashMap<>();
                    options.styleLayers().forEach((layer, weight) ->
                            weights.put(network.architecture().canonicalName(layer), weight));
                    terms.add(new WeightedTerm(new StyleLoss(StyleLoss.targetsFrom(features), weights,
                            StyleLoss.Scaling.LAYER_SIZE, manager), options.styleWeight()));
                }
            }
            terms.add(new WeightedTerm(new TotalVariationLoss(), options.tvWeight()));
            return new PerceptualObjective(network, terms);
        }

        private Optimizer<LossValues> optimizer(PerceptualObjective objective, NDManager manager) {
            return switch (options.optimizer()) {
                case LBFGS -> new Lbfgs<>(objective,
                        Lbfgs.Settings.defaults().withHistorySize(options.lbfgsHistory()), manager);
                case ADAM -> new Adam<>(objective, options.learningRate(), GatysStylizer::keepInRange, manager);
            };
        }

        private double seconds() {
            return (System.nanoTime() - startNanos) / 1e9;
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
