/**
 * Fast style transfer (Johnson et al., "Perceptual Losses for Real-Time Style Transfer and
 * Super-Resolution", 2016): a transformation network trained once per painting repaints any photo
 * in one forward pass.
 *
 * <p>{@link dev.atelier.method.feedforward.FeedForwardStylizer} runs a network on images; {@link
 * dev.atelier.method.feedforward.FeedForwardMethod} offers it to the entry point. Networks come from
 * Atelier's own {@link dev.atelier.method.feedforward.ModelFile} (safetensors with metadata) or are
 * read from the published formats by {@link dev.atelier.method.feedforward.FeedForwardModels}
 * (lengstrom/fast-style-transfer variable folders, pytorch/examples {@code .pth} state dicts, the
 * ONNX model zoo's exports of the latter, checked with ONNX Runtime by {@link
 * dev.atelier.method.feedforward.OnnxModels}, and jcjohnson/fast-neural-style's Torch7 networks,
 * whose modules {@link dev.atelier.method.feedforward.Torch7Networks} maps onto a {@link
 * dev.atelier.method.feedforward.ModuleList} that {@link dev.atelier.method.feedforward.ModuleNetwork}
 * runs) and converted by {@link dev.atelier.method.feedforward.ModelImport}. {@link
 * dev.atelier.method.feedforward.FeedForwardTrainer} trains one on a folder of photos with the
 * shared {@link dev.atelier.training.TrainingLoop}, for one painting or for several in one network
 * (Dumoulin et al.'s conditional instance normalisation in {@link
 * dev.atelier.method.feedforward.TransformerNetwork}), and adds paintings to a trained network.
 */
package dev.atelier.method.feedforward;
