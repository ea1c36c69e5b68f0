package dev.atelier.method.adain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.weights.SafetensorsReader;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loading AdaIN's encoder and decoder and checking they belong together. Two pairings exist: the
 * reference release (naoto0804's {@code vgg_normalised.pth} with its {@code decoder.pth}), and a
 * decoder Atelier trained on torchvision's VGG-19. Atelier's decoder files are safetensors whose
 * metadata names the encoder they were trained with, so a mismatched pair is refused.
 */
public final class AdainModels {
    /** Metadata {@code format} of Atelier's decoder files. */
    public static final String DECODER_FORMAT = "atelier-adain-decoder";
    /** SHA-256 of the reference release's decoder.pth, which pairs with vgg_normalised. */
    static final String REFERENCE_DECODER_SHA256 = "379ca41d59f3a37eed3599bbbc2560c19da5c458870a5ffd3a9dd41aa88f9472";

    /** Which encoder a decoder expects. */
    public enum EncoderKind {
        /** naoto0804's vgg_normalised: a 1x1 colour convolution, then Caffe VGG-19 with reflection padding. */
        NORMALISED_VGG("vgg_normalised"),
        /** torchvision's ImageNet VGG-19. */
        TORCHVISION_VGG19("torchvision-vgg19");

        private final String displayName;

        EncoderKind(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        static EncoderKind parse(Path file, String text) {
            for (EncoderKind kind : values()) {
                if (kind.displayName.equals(text)) {
                    return kind;
                }
            }
            throw new BadInputException(file, "decoder metadata names an unknown encoder '" + text + "'");
        }
    }

    private AdainModels() {}

    /** What kind of encoder a weights file holds, from its tensor names. */
    public static EncoderKind encoderKind(Path file) {
        Set<String> names = WeightsFiles.names(file);
        if (names.contains("0.weight") && names.contains("2.weight")) {
            return EncoderKind.NORMALISED_VGG;
        }
        if (names.contains("features.0.weight")) {
            return EncoderKind.TORCHVISION_VGG19;
        }
        throw new BadInputException(file, "not an AdaIN encoder: expected vgg_normalised (keys 0.weight, 2.weight, …) "
                + "or a torchvision VGG-19 (features.0.weight, …)");
    }

    /** Loads an encoder file of either kind. */
    public static AdainEncoder loadEncoder(Path file, NDManager manager) {
        EncoderKind kind = encoderKind(file);
        String sha256 = WeightsFiles.sha256(file);
        if (kind == EncoderKind.NORMALISED_VGG) {
            Set<String> keys = new HashSet<>(NormalisedVggEncoder.keys());
            return NormalisedVggEncoder.fromStateDict(WeightsFiles.read(file, keys::contains), manager, sha256);
        }
        Set<String> keys = new HashSet<>();
        for (VggArchitecture.ConvolutionLayer layer : VggArchitecture.VGG19.convolutions()
                .subList(0, VggArchitecture.VGG19.indexOf("conv4_1") + 1)) {
            keys.add(layer.weightKey());
            keys.add(layer.biasKey());
        }
        Vgg network = Vgg.fromStateDict(VggArchitecture.VGG19, WeightsFiles.read(file, keys::contains), "conv4_1",
                Pooling.MAX, manager, DataType.FLOAT32);
        return new TorchvisionVggEncoder(new Backbone(network, "vgg19", file.toString(), sha256));
    }

    /** A decoder with the encoder kind it was trained for. */
    public record LoadedDecoder(StateDict weights, EncoderKind encoder, JsonObject provenance) {}

    /**
     * Reads a decoder: the reference {@code decoder.pth} (pairs with vgg_normalised) or an Atelier
     * decoder file (its metadata names its encoder).
     */
    public static LoadedDecoder readDecoder(Path file) {
        Set<String> keys = new HashSet<>();
        for (AdainDecoder.Convolution convolution : AdainDecoder.CONVOLUTIONS) {
            keys.add(convolution.index() + ".weight");
            keys.add(convolution.index() + ".bias");
        }
        if (isSafetensors(file)) {
            SafetensorsReader reader = SafetensorsReader.open(file);
            Map<String, String> metadata = reader.metadata();
            if (!DECODER_FORMAT.equals(metadata.get("format"))) {
                throw new BadInputException(file, "not an AdaIN decoder (safetensors without format="
                        + DECODER_FORMAT + ")");
            }
            EncoderKind encoder = EncoderKind.parse(file, String.valueOf(metadata.get("encoder")));
            JsonObject provenance = new JsonObject();
            metadata.forEach(provenance::addProperty);
            return new LoadedDecoder(reader.read(keys::contains), encoder, provenance);
        }
        StateDict weights = WeightsFiles.read(file, keys::contains);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("source", file.toString());
        String sha256 = WeightsFiles.sha256(file);
        provenance.addProperty("sha256", sha256);
        // A plain .pth decoder is taken to be the reference release's, which pairs with vgg_normalised.
        return new LoadedDecoder(weights, EncoderKind.NORMALISED_VGG, provenance);
    }

    /** Refuses a decoder trained for another encoder than the one given. */
    public static void requireCompatible(Path decoderFile, LoadedDecoder decoder, Path encoderFile,
            EncoderKind encoder) {
        if (decoder.encoder() != encoder) {
            throw new BadInputException(decoderFile, "this decoder was trained for the " + decoder.encoder()
                    .displayName() + " encoder, but " + encoderFile + " is a " + encoder.displayName() + " encoder");
        }
    }

    /** Writes an Atelier decoder file atomically, recording the encoder it was trained with. */
    public static void writeDecoder(Path file, StateDict weights, EncoderKind encoder, String encoderSha256,
            JsonObject training) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", DECODER_FORMAT);
        metadata.put("format_version", "1");
        metadata.put("encoder", encoder.displayName());
        metadata.put("encoder_sha256", encoderSha256);
        if (training != null) {
            metadata.put("training", training.toString());
        }
        SafetensorsWriter.write(file, weights.asMap(), metadata);
    }

    private static boolean isSafetensors(Path file) {
        return WeightsFiles.isSafetensors(file);
    }

    static List<String> layers() {
        return AdainEncoder.LAYERS;
    }
}
