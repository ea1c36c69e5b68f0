package dev.atelier.method.feedforward;

import dev.atelier.device.RunDevice;
import ai.djl.ndarray.NDManager;
import dev.atelier.io.ImageLoader;
import dev.atelier.method.MethodContext;
import dev.atelier.method.RunContext;
import dev.atelier.method.TrainingInput;
import dev.atelier.method.TrainingJob;
import dev.atelier.method.TrainingMethod;
import dev.atelier.method.TrainingOutcome;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.BackboneLoader;
import dev.atelier.nn.Pooling;
import dev.atelier.options.OptionSchema;
import dev.atelier.report.ModelUse;
import dev.atelier.training.TrainingResult;
import dev.atelier.InvalidOptionException;
import dev.atelier.io.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Training a transformation network (Johnson et al. 2016) as the entry point runs it: for one
 * painting, or for several in one network (Dumoulin et al. 2017), or adding paintings to a trained
 * network; the loss network is loaded by name like optimisation's backbone.
 */
public final class FeedForwardTraining implements TrainingMethod<FeedForwardTrainingOptions> {
    /** Role of the painting(s) among the inputs. */
    public static final String STYLE = "style";
    /** Role of the folder of training photos. */
    public static final String DATA = "data";

    @Override
    public String name() {
        return "feedforward";
    }

    @Override
    public String description() {
        return "train a network that repaints any photo in one painting's style (Johnson et al. 2016), or in each "
                + "of several (Dumoulin et al. 2017)";
    }

    @Override
    public OptionSchema<?, FeedForwardTrainingOptions> options() {
        return FeedForwardTrainingOptions.SCHEMA;
    }

    @Override
    public List<TrainingInput> inputs() {
        return List.of(new TrainingInput(STYLE, false, "painting", "The painting; several train one network that "
                + "paints each (Dumoulin et al.)", true),
                new TrainingInput(DATA, true, "photo folder", "Training photos (e.g. COCO train2014; sub-folders "
                        + "included)"));
    }

    @Override
    public Path checkpointOf(Path output) {
        return FeedForwardTrainer.checkpointOf(output);
    }

    @Override
    public TrainingOutcome train(TrainingJob job, FeedForwardTrainingOptions options, MethodContext context,
            RunContext run) {
        ImageLoader loader = new ImageLoader(job.readOptions());
        List<Path> styles = job.paths(STYLE);
        Set<Path> distinct = new HashSet<>();
        for (Path style : styles) {
            if (!distinct.add(style.toAbsolutePath().normalize())) {
                throw new InvalidOptionException(STYLE, style + " is given twice");
            }
        }
        List<RgbImage> paintings = new ArrayList<>();
        for (Path style : styles) {
            paintings.add(loader.read(style));
        }
        try (NDManager manager = RunDevice.newManager();
                Backbone network = new BackboneLoader(context.models()).load(options.backbone(), options.weights(),
                        options.training().seed(), options.deepestLayer(), Pooling.MAX, manager, context.listener())) {
            FeedForwardTrainer.Inputs inputs = new FeedForwardTrainer.Inputs(job.path(DATA), styles, job.output());
            TrainingResult result = new FeedForwardTrainer(network).train(inputs, paintings, options,
                    job.resume(), loader, run.listener(),
                    run.cancellation());
            boolean generated = network.name().startsWith("random-");
            return new TrainingOutcome(result, List.of(new ModelUse("loss network", network.name(),
                    generated ? null : network.weightsSource(), network.weightsSha256(),
                    generated ? options.training().seed() : null)));
        }
    }
}
