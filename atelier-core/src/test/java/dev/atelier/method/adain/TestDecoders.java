package dev.atelier.method.adain;

import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decoders for tests whose pictures vary visibly: PyTorch's default initialisation shrinks the
 * signal layer by layer and decodes nearly uniform black, where every result looks alike.
 */
final class TestDecoders {
    private TestDecoders() {}

    /** He-initialised convolutions, the last one scaled down and biased to mid-grey. */
    static StateDict varied(long seed) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (AdainDecoder.Convolution convolution : AdainDecoder.CONVOLUTIONS) {
            int fanIn = convolution.inputChannels() * 9;
            boolean last = convolution.outputChannels() == 3;
            double deviation = Math.sqrt(2.0 / fanIn) * (last ? 0.5 : 1);
            float[] weight = new float[convolution.outputChannels() * fanIn];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) (random.nextGaussian() * deviation);
            }
            float[] bias = new float[convolution.outputChannels()];
            Arrays.fill(bias, last ? 0.5f : 0f);
            tensors.put(convolution.index() + ".weight", new HostTensor(new long[] {convolution.outputChannels(),
                    convolution.inputChannels(), 3, 3}, weight));
            tensors.put(convolution.index() + ".bias", new HostTensor(new long[] {convolution.outputChannels()},
                    bias));
        }
        return new StateDict(Path.of("varied-decoder-seed-" + seed), tensors);
    }
}
